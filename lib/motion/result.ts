// Zod schema of the motioncor result JSON: the step base plus per-frame shifts, motion statistics and timings.
import { z } from 'zod';
import { StepResultBase } from '../events/stepRecords.js';

/** 2: alignment.iterations/converged/bfactor and hotPixels may be null (a wrapped binary that did not report them). */
export const MOTIONCOR_SCHEMA_VERSION = 2;

export const MotionStats = z.object({ total: z.number(), early: z.number(), late: z.number() });

export const MotioncorResults = z.object({
  schemaVersion: z.union([z.literal(1), z.literal(MOTIONCOR_SCHEMA_VERSION)]),
  frames: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  outputWidth: z.number().int().positive(),
  outputHeight: z.number().int().positive(),
  /** Å per pixel of the input movie and of the output sums (× binning). */
  pixelSizeA: z.number().positive(),
  outputPixelSizeA: z.number().positive(),
  /** What `shifts` are: content displacement of frame i relative to frame 0, in input-movie pixels; the sum moves frame i by −shift. */
  shiftDefinition: z.literal('content displacement of frame i relative to frame 0, input-movie pixels'),
  shifts: z.array(z.tuple([z.number(), z.number()])),
  /** Path lengths in Å and pixels; early = steps starting below 4 e/Å² accumulated exposure (RELION), late = the rest. */
  motionA: MotionStats,
  motionPx: MotionStats,
  alignment: z.object({
    iterations: z.number().int().nonnegative().nullable(),
    converged: z.boolean().nullable(),
    bfactor: z.number().nullable(),
    workingWidth: z.number().int().positive(),
    workingHeight: z.number().int().positive(),
  }),
  /** Local motion model (RELION ThirdOrderPolynomialModel order, 18 coefficients per axis, input pixels), or null. */
  localModel: z.object({ coeffX: z.array(z.number()).length(18), coeffY: z.array(z.number()).length(18), patches: z.tuple([z.number(), z.number()]), rmsdPx: z.number() }).nullable(),
  /** Per-patch trajectories reported by MotionCor2/3 (patch centre, per-frame shifts; the fit for 1.x logs), when wrapped. */
  patchTracks: z.array(z.object({ x: z.number(), y: z.number(), shifts: z.array(z.tuple([z.number(), z.number()])) })).optional(),
  hotPixels: z.number().int().nonnegative().nullable(),
  /** What a wrapped MotionCor2/3 printed about itself (null fields: it did not say); absent for our own implementation. */
  motionCor2: z.object({ version: z.string().nullable(), logLayout: z.enum(['motioncor2', 'motioncor3', 'full-frame']), maxIterations: z.number().nullable(), tolerance: z.number().nullable(), finalError: z.number().nullable() }).optional(),
  doseWeighting: z.object({ dosePerFrame: z.number(), preExposure: z.number(), voltageKv: z.number() }),
  /** Seconds per stage. */
  timings: z.record(z.string(), z.number()),
});
export type MotioncorResults = z.infer<typeof MotioncorResults>;

export const MotioncorResult = StepResultBase.extend({ results: MotioncorResults });
export type MotioncorResult = z.infer<typeof MotioncorResult>;
