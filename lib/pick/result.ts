// The pick step's result (stored as `results` in the step's result JSON and written by the CLI): zod schema.
import { z } from 'zod';

export const PICK_IMPLEMENTATION = 'cpu-dog';
export const PICK_VERSION = '1';

export const PickResult = z.object({
  count: z.number().int().nonnegative(),
  thresholds: z.object({
    /** Threshold applied, in robust σ of the DoG map, and the same in raw DoG units. */
    sigma: z.number(),
    absolute: z.number(),
    mode: z.enum(['sigma', 'absolute']),
    /** Upper threshold (σ), null when none. */
    maxSigma: z.number().nullable(),
  }),
  parameters: z.object({
    diameterA: z.number().positive(),
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
  /** Highest, median and lowest figure of merit (σ), null when no picks. */
  scores: z.object({ max: z.number(), median: z.number(), min: z.number() }).nullable(),
  timing: z.object({ seconds: z.number().nonnegative() }),
  implementation: z.literal(PICK_IMPLEMENTATION),
  version: z.string(),
});
export type PickResult = z.infer<typeof PickResult>;
