// The particle diameter an operator states: one number (Å) or a range to search, as RELION's --LoG_diam_min/max.
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

const RANGE_TEXT = /^\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\s*$/;

/** Range text "70-110" (Å, an en dash also accepted) as { min, max }, or null when it is not one. */
function rangeOfText(text: string): { min: number; max: number } | null {
  const m = RANGE_TEXT.exec(text);
  return m ? { min: Number(m[1]), max: Number(m[2]) } : null;
}

const Range = z.object({ min: z.number().positive(), max: z.number().positive() }).strict()
  .refine((r) => r.min <= r.max, { message: 'min must be ≤ max' });

/**
 * Session parameter / pick option: `80`, `{ "min": 70, "max": 110 }` or `"70-110"` (Å). A plain number
 * is the old single diameter and is picked exactly as before (one DoG scale).
 */
export const ParticleDiameter = z.union([
  z.number().positive(),
  Range,
  z.string().refine((s) => { const r = rangeOfText(s); return r !== null && r.min > 0 && r.min <= r.max; }, { message: 'expected a diameter range such as "70-110" (Å, min ≤ max)' }),
]);
export type ParticleDiameter = z.infer<typeof ParticleDiameter>;

/** The diameters to search, Å (min = max for a plain number). */
export interface DiameterRange {
  minA: number;
  maxA: number;
}

/** The range a stated diameter means; InvalidInputError naming `what` when it is not valid. */
export function diameterRange(stated: ParticleDiameter, what = 'pick: particle diameter'): DiameterRange {
  const r = ParticleDiameter.safeParse(stated);
  if (!r.success) throw new InvalidInputError(`${what}: ${r.error.issues[0].message}, got ${JSON.stringify(stated)}`);
  const v = r.data;
  if (typeof v === 'number') return { minA: v, maxA: v };
  const range = typeof v === 'string' ? rangeOfText(v) : v;
  if (!range) throw new InvalidInputError(`${what}: expected a diameter range such as "70-110", got ${JSON.stringify(stated)}`);
  return { minA: range.min, maxA: range.max };
}

/** Command-line text: "80" → 80, "70-110" → { min: 70, max: 110 }; InvalidInputError naming `what` otherwise. */
export function parseDiameterText(text: string, what: string): ParticleDiameter {
  const n = Number(text);
  if (text.trim() !== '' && Number.isFinite(n) && n > 0) return n;
  const r = rangeOfText(text);
  if (r && r.min > 0 && r.min <= r.max) return r;
  throw new InvalidInputError(`${what} must be a positive number or a range such as 70-110 (Å, min ≤ max), got "${text}"`);
}

/** "80 Å" or "70–110 Å", for messages. */
export function formatDiameterRange(r: DiameterRange): string {
  return r.minA === r.maxA ? `${r.minA} Å` : `${r.minA}–${r.maxA} Å`;
}

/**
 * Diameters searched for a range: geometric steps of at most 1.2× from min to max inclusive (a DoG with
 * Appion's k = 1.2 responds within about ±17 % of its size, so neighbouring scales overlap); one for a point.
 */
export function searchDiameters(r: DiameterRange, step = 1.2): number[] {
  if (r.maxA <= r.minA) return [r.minA];
  const n = Math.ceil(Math.log(r.maxA / r.minA) / Math.log(step));
  return Array.from({ length: n + 1 }, (_, i) => r.minA * (r.maxA / r.minA) ** (i / n));
}
