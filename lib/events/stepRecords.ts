// Schemas shared by every step's result JSON and error record.
import { z } from 'zod';
import { STEPS } from './pipeline.js';

export const StepName = z.enum(STEPS);

export const InputRef = z.object({ bucket: z.string(), key: z.string(), etag: z.string() });

export const Software = z.object({
  /** `cpu` for our own implementation, or the wrapped tool's name (`MotionCor2`, `CTFFIND`), or `plain-sum`. */
  implementation: z.string(),
  version: z.string(),
});

export const Timings = z.object({ startedAt: z.string(), seconds: z.number().nonnegative() });

/** Fields every step result carries; each step extends it with its own `results`. */
export const StepResultBase = z.object({
  schemaVersion: z.literal(1),
  step: StepName,
  input: InputRef,
  software: Software,
  parameters: z.record(z.string(), z.unknown()),
  timings: Timings,
  /** Keys (in the bucket) or file names (CLI) of everything the step wrote. */
  outputs: z.array(z.string()),
  /** The X-Call-Id of the call that produced this result (the gateway's, or one made for a direct call); absent in older results. */
  callId: z.string().optional(),
});
export type StepResultBase = z.infer<typeof StepResultBase>;

export const ErrorRecord = z.object({
  schemaVersion: z.literal(1),
  step: StepName,
  input: z.object({ bucket: z.string(), key: z.string(), etag: z.string().nullable() }),
  cause: z.string(),
  errorType: z.string(),
  retryable: z.boolean(),
  time: z.string(),
});
export type ErrorRecord = z.infer<typeof ErrorRecord>;
