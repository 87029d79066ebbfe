import { describe, expect, it } from 'vitest';
import { loadHostConfig } from '../../../lib/host/hostConfig.js';

describe('loadHostConfig', () => {
  it('defaults to port 3000 and 100 kb like the node template, and to a 5 s deadline (the watchdog\'s 10 s − 5 s)', () => {
    expect(loadHostConfig({})).toEqual({ port: 3000, host: '127.0.0.1', execTimeoutMs: 5_000, maxJsonBytes: 102_400, maxRawBytes: 102_400 });
  });

  it('prefers http_port over PORT, and reads exec_timeout', () => {
    expect(loadHostConfig({ http_port: '8081', PORT: '9000', exec_timeout: '0' })).toMatchObject({ port: 8081, execTimeoutMs: 0 });
    expect(loadHostConfig({ PORT: '9000' }).port).toBe(9000);
  });

  it('names the variable of a bad port', () => {
    expect(() => loadHostConfig({ http_port: 'eighty' })).toThrow('http_port: expected a port 0..65535, got "eighty"');
  });
});
