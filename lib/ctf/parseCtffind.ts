// Parsers for CTFFIND's summary `.txt` and `_avrot.txt` (reference §3.4), into our result fields.
import { InvalidInputError } from '../errors.js';
import type { CtffindResults } from './result.js';
import type { AvrotProfiles } from './ctffindText.js';

/** Numbers of a whitespace-separated line; `inf`/`nan` as Infinity/NaN. */
function numbers(line: string, what: string): number[] {
  return line.trim().split(/\s+/).map((t) => {
    const v = /^[+-]?inf/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : Number(t);
    if (Number.isNaN(v) && !/^nan$/i.test(t)) throw new InvalidInputError(`${what}: "${t}" is not a number`);
    return v;
  });
}

const dataLines = (text: string): string[] => text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));

/** The first micrograph row of a summary file (7 columns, or 10 from CTFFIND 5). */
export function parseCtffindOutput(text: string): CtffindResults & { version: string | null } {
  const rows = dataLines(text);
  if (rows.length === 0) throw new InvalidInputError('CTFFIND summary: no data row');
  const c = numbers(rows[0], 'CTFFIND summary');
  if (c.length < 7) throw new InvalidInputError(`CTFFIND summary: expected at least 7 columns, got ${c.length}`);
  const version = /CTFFind version ([\d.]+)/i.exec(text)?.[1] ?? null;
  return {
    defocusU: c[1], defocusV: c[2], astigmatismAngle: c[3], phaseShift: c[4], cc: c[5],
    fitResolutionA: Number.isFinite(c[6]) && c[6] > 0 ? c[6] : null, version,
  };
}

/** The 6 profile lines of the first micrograph in an `_avrot.txt` file. */
export function parseCtffindAvrot(text: string): AvrotProfiles {
  const rows = dataLines(text);
  if (rows.length < 6) throw new InvalidInputError(`CTFFIND avrot: expected 6 data lines, got ${rows.length}`);
  const [frequency, rotationalAverage, epa, fit, cc, noise2Sigma] = rows.slice(0, 6).map((l) => numbers(l, 'CTFFIND avrot'));
  if (![rotationalAverage, epa, fit, cc, noise2Sigma].every((r) => r.length === frequency.length)) {
    throw new InvalidInputError(`CTFFIND avrot: the 6 lines must have equal length (${frequency.length} frequencies)`);
  }
  return { frequency, rotationalAverage, epa, fit, cc, noise2Sigma };
}
