// Parsers for Go durations ("10s", "1m30s", "500ms") and byte sizes ("100kb", "5mb") used in env config.
import { InvalidInputError } from '../errors.js';

const DURATION_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go duration string (time.ParseDuration syntax); "0" is 0; a bare number means seconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * DURATION_UNITS_MS[m[2]];
    matched = re.lastIndex;
  }
  if (s === '' || matched !== s.length) throw new InvalidInputError(`${what}: expected a Go duration like "10s", "5m" or "1m30s", got "${text}"`);
  return total;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Bytes of a size like "100kb", "5mb" or "1048576" (body-parser/bytes syntax, case-insensitive). */
export function parseByteSize(text: string, what = 'size'): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  if (!m) throw new InvalidInputError(`${what}: expected a size like "100kb" or "5mb", got "${text}"`);
  return Math.floor(Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()]);
}
