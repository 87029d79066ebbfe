import { describe, expect, it } from 'vitest';
import { loadHostConfig, parseByteSize, parseDuration } from '../../../lib/host/index.js';

describe('parseDuration', () => {
  it.each([
    ['10s', 10_000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['30', 30_000],
  ])('%s → %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('names the setting and the value when the text is not a duration', () => {
    expect(() => parseDuration('10 sec', 'exec_timeout')).toThrow('exec_timeout: expected a Go duration like "10s", "5m" or "1m30s", got "10 sec"');
  });
});

describe('parseByteSize', () => {
  it.each([
    ['100kb', 102_400],
    ['5MB', 5 * 1024 * 1024],
    ['1048576', 1_048_576],
  ])('%s → %i bytes', (text, n) => expect(parseByteSize(text)).toBe(n));

  it('names the setting on a bad size', () => {
    expect(() => parseByteSize('lots', 'MAX_RAW_SIZE')).toThrow('MAX_RAW_SIZE: expected a size like "100kb" or "5mb", got "lots"');
  });
});

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
