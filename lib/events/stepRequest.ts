// Body of a step invocation over HTTP: which object to process, optionally forcing a recompute; ad-hoc output prefix and chaining.
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
  /** Ad-hoc calls: where outputs go, processed/<experiment>/<session>/. @default processed/adhoc/<caller>/<call-id>/ */
  output: z.string().min(1).optional(),
  /** Ad-hoc calls: let the outputs trigger the pipeline's next step (default prefix processed/adhoc-<caller>/<call-id>/). */
  chain: z.boolean().optional(),
});
export type StepRequest = z.infer<typeof StepRequest>;
