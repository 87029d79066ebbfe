// zod field types for environment strings: integers, ports, booleans, Go durations, byte sizes, JSON, lists.
import { z } from 'zod';
import { parseByteSize, parseDuration } from './units.js';

/** A non-negative integer ("8", not "8.5" or "eight"). */
export const envInt = z.string().regex(/^\d+$/, 'expected a non-negative integer').transform(Number);

/** A TCP port 0–65535 (0 picks a free one). */
export const envPort = z.string().regex(/^\d+$/, 'expected a port 0..65535').transform(Number).pipe(z.number().max(65535, 'expected a port 0..65535'));

/** true/false/1/0. */
export const envBool = z.enum(['true', 'false', '1', '0'], { message: 'expected true or false' }).transform((s) => s === 'true' || s === '1');

/** Milliseconds of a Go duration ("10s", "1m30s"); a bare number is seconds. */
export const envDuration = z.string().transform((s, ctx) => {
  try {
    return parseDuration(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^duration: /, '') });
    return z.NEVER;
  }
});

/** Bytes of a size ("100kb", "5mb"). */
export const envBytes = z.string().transform((s, ctx) => {
  try {
    return parseByteSize(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^size: /, '') });
    return z.NEVER;
  }
});

/** JSON text validated by `schema`. */
export function envJson<T extends z.ZodType>(schema: T, what: string) {
  return z.string().transform((s, ctx): z.output<T> => {
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected ${what} as JSON` });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `expected ${what} as JSON` });
      return z.NEVER;
    }
    return parsed.data;
  });
}

/** Comma-separated items, trimmed, empty ones dropped. */
export const envList = z.string().transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean));
