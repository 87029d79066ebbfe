import { describe, expect, it } from 'vitest';
import { callbackUrlOf } from '../../../gateway/routes/asyncFunction.js';
import { httpStatusOf } from '../../../lib/errors.js';

describe('callbackUrlOf', () => {
  it.each(['http://127.0.0.1:9999/cb', 'http://localhost/cb', 'http://[::1]:8000/x', 'https://hooks.lab.example/cb', 'http://10.0.0.5:9000/cb'])('accepts %s (loopback or allowed)', (url) => {
    expect(callbackUrlOf(url, 'call', ['hooks.lab.example', '10.0.0.5:9000'])).toBe(url);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'X-Callback-Url host "169.254.169.254" is not loopback nor in GATEWAY_CALLBACK_ALLOW'],
    ['http://10.0.0.5:9001/cb', 'X-Callback-Url host "10.0.0.5:9001" is not loopback nor in GATEWAY_CALLBACK_ALLOW'],
    ['http://127.0.0.1.evil.example/cb', 'X-Callback-Url host "127.0.0.1.evil.example" is not loopback'],
    ['file:///etc/passwd', 'must be http or https'],
  ])('refuses %s with 400', (url, message) => {
    let thrown: unknown;
    try { callbackUrlOf(url, 'call', ['10.0.0.5:9000']); } catch (err) { thrown = err; }
    expect(String(thrown)).toContain(message);
    expect(httpStatusOf(thrown)).toBe(400);
  });
});
