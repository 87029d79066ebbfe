// Body of a step invocation over HTTP: which object to process, optionally forcing a recompute.
import { z } from 'zod';

export const StepRequest = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  /** ETag seen in the notification; informational, the step reads the object's current ETag. */
  etag: z.string().optional(),
  /** Recompute even if outputs for this input ETag exist. */
  force: z.boolean().default(false),
  /** Overrides of the session parameters for this call only. */
  params: z.record(z.string(), z.unknown()).optional(),
});
export type StepRequest = z.infer<typeof StepRequest>;
