// Reading and writing a step's committed state: outputs tagged with the input ETag, result JSON last.
import { outputKey, resultKey, STEP_OUTPUT_SUFFIXES } from '../events/pipeline.js';
import type { MovieRef, StepName } from '../events/pipeline.js';
import { StepResultBase } from '../events/stepRecords.js';
import type { ObjectInfo, ObjectStore } from '../store/index.js';
import { inputMetadata, recordedInputEtag } from './metadata.js';
import type { StepRun } from './stepDefinition.js';

/** The input ETag a stored result JSON records: from its metadata, else from its body. */
export async function committedEtag(store: ObjectStore, step: StepName, ref: MovieRef): Promise<string | null> {
  const key = resultKey(step, ref);
  const info = await store.head(key);
  if (!info) return null;
  const fromMeta = recordedInputEtag(info.metadata);
  if (fromMeta !== undefined) return fromMeta;
  const parsed = StepResultBase.safeParse(JSON.parse(new TextDecoder().decode(await store.getBytes(key))));
  return parsed.success ? parsed.data.input.etag : null;
}

/** True when the step's result JSON records `etag` as its input's ETag. */
export async function isCommitted(store: ObjectStore, step: StepName, ref: MovieRef, etag: string): Promise<boolean> {
  const recorded = await committedEtag(store, step, ref);
  return recorded === etag;
}

/** Checks the files against the step's suffix table: known, not the result JSON, no duplicates. */
function checkFiles(step: StepName, run: StepRun<unknown>): void {
  const allowed = STEP_OUTPUT_SUFFIXES[step].filter((s) => s !== '.json');
  const seen = new Set<string>();
  for (const f of run.files) {
    if (!allowed.includes(f.suffix)) throw new Error(`step ${step}: output suffix "${f.suffix}" is not one of ${allowed.join(', ')}`);
    if (seen.has(f.suffix)) throw new Error(`step ${step}: output suffix "${f.suffix}" written twice`);
    seen.add(f.suffix);
  }
}

/**
 * Uncommits any previous result, writes every file (recording its key in `written` before the PUT,
 * so a failed PUT is cleaned up too), then the result JSON last. Before each write it checks `signal`:
 * past the deadline it throws the abort reason, so nothing is written, and above all not the commit.
 */
export async function writeOutputs(
  store: ObjectStore, step: StepName, ref: MovieRef, input: ObjectInfo, run: StepRun<unknown>,
  timings: { startedAt: string; seconds: number }, written: string[], signal: AbortSignal, callId?: string,
): Promise<void> {
  checkFiles(step, run);
  const rKey = resultKey(step, ref);
  signal.throwIfAborted();
  await store.delete(rKey);
  const metadata = inputMetadata(input.key, input.etag);
  const outputs: string[] = [];
  for (const f of run.files) {
    const key = outputKey(step, ref, f.suffix);
    signal.throwIfAborted();
    written.push(key);
    await store.put(key, f.body, { contentType: f.contentType, metadata });
    outputs.push(key);
  }
  const result = {
    schemaVersion: 1 as const, step, input: { bucket: store.bucket, key: input.key, etag: input.etag },
    software: run.software, parameters: run.parameters, timings, outputs, results: run.result,
    ...(callId ? { callId } : {}),
  };
  StepResultBase.parse(result);
  signal.throwIfAborted();
  written.push(rKey);
  await store.put(rKey, JSON.stringify(result, null, 2) + '\n', { contentType: 'application/json', metadata });
}
