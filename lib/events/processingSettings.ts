// Per-session processing settings (pick threshold, CTF search, motion B-factor), each with a message a form can show.
import { z } from 'zod';

/** CTF search: resolution range fitted (Å; minResA is the low-resolution end, so the larger number) and defocus range (Å). */
export const CtfSearchSettings = z.object({
  minResA: z.number({ message: 'CTF low-resolution limit must be a number of Å' }).positive('CTF low-resolution limit must be > 0 Å').optional(),
  maxResA: z.number({ message: 'CTF high-resolution limit must be a number of Å' }).positive('CTF high-resolution limit must be > 0 Å').optional(),
  minDefocusA: z.number({ message: 'lowest defocus searched must be a number of Å' }).min(0, 'lowest defocus searched must be ≥ 0 Å (underfocus is positive)').optional(),
  maxDefocusA: z.number({ message: 'highest defocus searched must be a number of Å' }).positive('highest defocus searched must be > 0 Å').optional(),
}).refine((c) => c.minResA === undefined || c.maxResA === undefined || c.minResA > c.maxResA, {
  message: 'CTF resolution range: the low-resolution limit (minResA, e.g. 30 Å) must be larger than the high-resolution limit (maxResA, e.g. 5 Å)',
  path: ['maxResA'],
}).refine((c) => c.minDefocusA === undefined || c.maxDefocusA === undefined || c.minDefocusA < c.maxDefocusA, {
  message: 'CTF defocus range: the lowest defocus (minDefocusA) must be smaller than the highest (maxDefocusA)',
  path: ['maxDefocusA'],
});
export type CtfSearchSettings = z.infer<typeof CtfSearchSettings>;

/** Fields SessionParams gains for processing; spread into its shape. All optional: absent = the step's own default. */
export const processingSettingsShape = {
  /** Picker threshold (0–1): peaks below 2 + 20 × this σ of the DoG background are dropped (lib/pick/sessionThreshold). */
  pickThreshold: z.number({ message: 'pick threshold must be a number between 0 and 1' }).min(0, 'pick threshold must be ≥ 0').max(1, 'pick threshold must be ≤ 1').optional(),
  ctfSearch: CtfSearchSettings.optional(),
  /** B-factor (Å²) of the alignment's low-pass: larger smooths more (MotionCor2 -Bft global, default 150). */
  motionBfactor: z.number({ message: 'motion B-factor must be a number of Å²' }).positive('motion B-factor must be > 0 Å²').max(5000, 'motion B-factor must be ≤ 5000 Å²').optional(),
};

/** Validation messages by field path (e.g. `ctfSearch.maxResA`), for the parameters form; empty when valid. */
export function settingsMessages(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '(session)';
    out[path] ??= issue.message;
  }
  return out;
}
