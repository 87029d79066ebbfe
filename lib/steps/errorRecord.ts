// Writes and clears a step's error record: processed/<exp>/<session>/errors/<movie>.<step>.json.
import type { ErrorRecord } from '../events/stepRecords.js';
import type { StepName } from '../events/pipeline.js';
import { describeError, InvalidInputError } from '../errors.js';
import type { ObjectStore } from '../store/index.js';
import { inputMetadata } from './metadata.js';

/** The record for `err` thrown while `step` processed `key` (ETag null when the input was unreadable). */
export function buildErrorRecord(step: StepName, bucket: string, key: string, etag: string | null, err: unknown, now: Date): ErrorRecord {
  return {
    schemaVersion: 1,
    step,
    input: { bucket, key, etag },
    cause: describeError(err),
    errorType: err instanceof Error ? err.name : typeof err,
    retryable: !(err instanceof InvalidInputError),
    time: now.toISOString(),
  };
}

/** Stores the record under `errorKey`, tagged with the input's ETag like every output. */
export async function writeErrorRecord(store: ObjectStore, errorKey: string, record: ErrorRecord): Promise<void> {
  await store.put(errorKey, JSON.stringify(record, null, 2) + '\n', {
    contentType: 'application/json',
    metadata: inputMetadata(record.input.key, record.input.etag ?? ''),
  });
}
