// The pick step's result (stored as `results` in the step's result JSON and written by the CLI): zod schema.
import { z } from 'zod';
import { ParticleDiameter } from './diameter.js';

export const PICK_IMPLEMENTATION = 'cpu-dog';
export const PICK_VERSION = '2';

export const PickResult = z.object({
  count: z.number().int().nonnegative(),
  /** The particle diameter as stated (Å: a number, { min, max } or "70-110"). */
  statedDiameterA: ParticleDiameter,
  /** Median of the per-pick diameters (Å; STAR column rlnParticleDiameter), null when no picks. */
  estimatedDiameterA: z.number().positive().nullable(),
  /** What an operator should look at: no picks, an estimate far from the stated size. Empty when all is well. */
  warnings: z.array(z.string()),
  thresholds: z.object({
    /** Threshold applied, in robust σ of the DoG map, and the same in raw DoG units. */
    sigma: z.number(),
    absolute: z.number(),
    mode: z.enum(['sigma', 'absolute']),
    /** Upper threshold (σ), null when none. */
    maxSigma: z.number().nullable(),
    /** The session's pickThreshold (0–1) that set `sigma`, null when the threshold was given in σ directly. */
    pickThreshold: z.number().min(0).max(1).nullable().default(null),
  }),
  parameters: z.object({
    /** The stated diameter, or the upper end of a stated range, Å. */
    diameterA: z.number().positive(),
    /** DoG scales searched, Å (0.7·d … d for a plain number d). */
    searchedDiametersA: z.array(z.number().positive()).min(1),
    pixelSizeA: z.number().positive(),
    workingPixelSizeA: z.number().positive(),
    k: z.number(),
    sigma1Px: z.number(),
    sigma2Px: z.number(),
    overlapMultiple: z.number(),
    edgeA: z.number(),
    outlierSigma: z.number().nullable(),
  }),
  outliersRemoved: z.number().int().nonnegative(),
  /** Strongest DoG value in the micrograph (σ), picked or not: how far below the threshold an empty micrograph was. */
  strongestSigma: z.number(),
  /** Highest, median and lowest figure of merit (σ), null when no picks. */
  scores: z.object({ max: z.number(), median: z.number(), min: z.number() }).nullable(),
  timing: z.object({ seconds: z.number().nonnegative() }),
  implementation: z.literal(PICK_IMPLEMENTATION),
  version: z.string(),
});
export type PickResult = z.infer<typeof PickResult>;
