import { describe, expect, it } from 'vitest';
import { parseByteSize, parseDuration } from '../../../lib/config/units.js';

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
