// Follows one movie through the steps by watching its result JSONs and error records; reports each as it lands.
import { errorKey, resultKey } from '../../lib/events/pipeline.js';
import type { MovieRef, StepName } from '../../lib/events/pipeline.js';
import { ErrorRecord } from '../../lib/events/stepRecords.js';
import type { ObjectStore } from '../../lib/store/index.js';

export type StepProgress = { step: StepName; status: 'done'; seconds: number } | { step: StepName; status: 'failed'; cause: string };

export interface FollowMovieOptions {
  /** Steps to wait for, in pipeline order (those the gateway runs). */
  steps: readonly StepName[];
  onProgress: (p: StepProgress) => void;
  /** Store poll interval. @default 300 */
  pollMs?: number;
  /** @default 600000 */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Resolves true when the last step's result lands, false when a step writes an error record. */
export async function followMovie(store: ObjectStore, ref: MovieRef, options: FollowMovieOptions): Promise<boolean> {
  const t0 = performance.now();
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let next = 0;
  while (next < options.steps.length) {
    if (options.signal?.aborted || Date.now() > deadline) return false;
    const step = options.steps[next];
    if (await store.head(resultKey(step, ref))) {
      options.onProgress({ step, status: 'done', seconds: (performance.now() - t0) / 1000 });
      next++;
      continue;
    }
    if (await store.head(errorKey(step, ref))) {
      const record = ErrorRecord.safeParse(JSON.parse(new TextDecoder().decode(await store.getBytes(errorKey(step, ref)))));
      options.onProgress({ step, status: 'failed', cause: record.success ? record.data.cause : 'unreadable error record' });
      return false;
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 300));
  }
  return true;
}
