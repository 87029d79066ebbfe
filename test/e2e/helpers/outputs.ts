// Checks that a movie has exactly one complete, consistent set of outputs for the given steps.
import { expect } from 'vitest';
import { errorKey, outputKey, resultKey, STEP_OUTPUT_SUFFIXES, TRIGGERED_BY } from '../../../lib/events/pipeline.js';
import type { MovieRef, StepName } from '../../../lib/events/pipeline.js';
import { StepResultBase } from '../../../lib/events/stepRecords.js';
import type { ObjectStore } from '../../../lib/store/index.js';

/** The key that triggers `step` for `ref` (the raw movie key for motioncor). */
export function inputKeyOf(step: StepName, ref: MovieRef, rawKey: string): string {
  const prev = TRIGGERED_BY[step];
  return prev === 'raw' ? rawKey : resultKey(prev, ref);
}

/** Every output of every step exists, is tagged with its input's current ETag, and no error record remains. */
export async function expectCompleteOutputs(store: ObjectStore, ref: MovieRef, rawKey: string, steps: readonly StepName[]): Promise<void> {
  for (const step of steps) {
    const input = await store.head(inputKeyOf(step, ref, rawKey));
    expect(input, `${step} input of ${rawKey}`).not.toBeNull();
    for (const suffix of STEP_OUTPUT_SUFFIXES[step]) {
      const out = await store.head(outputKey(step, ref, suffix));
      expect(out?.metadata['input-etag'], `${step}${suffix} of ${rawKey}`).toBe(input?.etag);
    }
    const result = StepResultBase.parse(JSON.parse(new TextDecoder().decode(await store.getBytes(resultKey(step, ref)))));
    expect(result.input).toEqual({ bucket: store.bucket, key: input?.key, etag: input?.etag });
    expect(await store.head(errorKey(step, ref)), `${step} error record of ${rawKey}`).toBeNull();
  }
}

/** Keys under processed/<exp>/<session>/ for one movie: exactly the expected outputs, nothing else. */
export async function expectNoStrayOutputs(store: ObjectStore, ref: MovieRef, steps: readonly StepName[]): Promise<void> {
  const expected = new Set(steps.flatMap((step) => STEP_OUTPUT_SUFFIXES[step].map((s) => outputKey(step, ref, s))));
  const found: string[] = [];
  for await (const o of store.list(`processed/${ref.experiment}/${ref.session}/`)) {
    const base = o.key.split('/').pop() ?? '';
    if (base.startsWith(`${ref.movie}.`) || base.startsWith(`${ref.movie}_`)) found.push(o.key);
  }
  expect(found.sort()).toEqual([...expected].sort());
}
