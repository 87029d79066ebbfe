// The idempotent step runner every function uses: skip when done, else run, write outputs, commit, or record the error.
//
// Commit protocol: the result JSON is the commit marker. Outputs are written under their final keys
// first, each tagged with the input's ETag; the result JSON is written last. A stale result (other
// ETag, or `force`) is deleted before any output is rewritten, so "result JSON present" always means
// "every output of that ETag present". On failure the outputs written by this attempt are deleted
// and an error record is written; a crash mid-run leaves uncommitted outputs without a result JSON,
// which reconciliation re-runs and overwrites (keys are a pure function of the input key).
//
// Deadline: `signal` (the function host's, aborted 5 s before of-watchdog gives up) is checked before
// every write. Once it has fired the caller has had its 504 and may already be retrying elsewhere, so
// the runner writes nothing at all, not even cleanup: deleting "its" partial outputs or writing an error
// record could land on top of the retry's. What it left is the crash case above.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorKey, resultKey } from '../events/pipeline.js';
import type { MovieRef } from '../events/pipeline.js';
import type { StepRequest } from '../events/stepRequest.js';
import { describeError, httpStatusOf, InvalidInputError, NotFoundError } from '../errors.js';
import { createLogger } from '../log.js';
import type { Logger } from '../log.js';
import type { ObjectInfo, ObjectStore } from '../store/index.js';
import { ANONYMOUS_CALLER } from '../events/adhoc.js';
import { buildErrorRecord, writeErrorRecord } from './errorRecord.js';
import { hideWorkDir } from './hideWorkDir.js';
import { isCommitted, writeOutputs } from './commit.js';
import { loadSessionParams } from './sessionParams.js';
import type { StepDefinition, StepOutcome } from './stepDefinition.js';
import { adhocParams, prepareChain, resolveTarget } from './stepTarget.js';
import type { StepTarget } from './stepTarget.js';

export interface RunStepOptions {
  /** @default createLogger(def.step) */
  log?: Logger;
  /** Parent of the per-run work folder. @default os.tmpdir() */
  tmpRoot?: string;
  /** Clock for timings and error records. @default () => new Date() */
  now?: () => Date;
  /** Who called (a key segment of the default ad-hoc prefix). @default "anonymous" */
  caller?: string;
  /** This call's id (a key segment of the default ad-hoc prefix). @default a random UUID */
  callId?: string;
  /** The host's deadline; see the header comment. @default never aborted */
  signal?: AbortSignal;
}

/** Runs `def` on the object named by `request`, idempotently (see the commit protocol above). */
export async function runStep<R>(def: StepDefinition<R>, request: StepRequest, store: ObjectStore, options: RunStepOptions = {}): Promise<StepOutcome> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const log = (options.log ?? createLogger(def.step)).child({ key: request.key });
  let target: StepTarget | null = null;
  const outcome = (o: Omit<StepOutcome, 'step' | 'bucket' | 'key' | 'resultKey' | 'seconds'>): StepOutcome => ({
    step: def.step, bucket: request.bucket, key: request.key, resultKey: target ? resultKey(def.step, target.ref) : '',
    seconds: (performance.now() - started) / 1000, ...o,
  });
  const refuse = (err: Error): StepOutcome => {
    log.warn('refused', { error: err.message });
    return outcome({ status: 'failed', httpStatus: httpStatusOf(err), error: err.message });
  };
  // One id per call: it names the ad-hoc prefix and is recorded in the result JSON (trace: output → call).
  const callId = options.callId ?? randomUUID();
  try {
    target = resolveTarget(def.step, request, { caller: options.caller ?? ANONYMOUS_CALLER, callId });
  } catch (err) {
    return refuse(err as Error);
  }
  if (request.bucket !== store.bucket) return refuse(new InvalidInputError(`bucket "${request.bucket}": this function serves bucket "${store.bucket}"`));
  const ref = target.ref;
  const signal = options.signal ?? new AbortController().signal;
  if (signal.aborted) return stopped(signal, log, outcome, null);

  let input: ObjectInfo | null = null;
  const written: string[] = [];
  try {
    input = await store.head(request.key);
    if (!input) return refuse(new NotFoundError(`input "${request.key}" does not exist (deleted after the event?)`));
    if (!request.force && (await isCommitted(store, def.step, ref, input.etag))) {
      log.info('skipped: outputs already match the input ETag', { etag: input.etag });
      return outcome({ status: 'skipped', httpStatus: 200, inputEtag: input.etag });
    }
    await execute(def, request, store, target, input, log, { tmpRoot: options.tmpRoot ?? tmpdir(), now, callId }, written, signal);
    // Committed before the deadline: clearing the old error record belongs to that commit.
    await store.delete(errorKey(def.step, ref));
    const done = outcome({ status: 'done', httpStatus: 200, inputEtag: input.etag });
    log.info(`done in ${done.seconds.toFixed(2)} s`, { etag: input.etag });
    return done;
  } catch (err) {
    if (signal.aborted) return stopped(signal, log, outcome, input, written);
    return fail(def, request, store, ref, input, err, written, log, now, outcome);
  }
}

type OutcomeOf = (o: Omit<StepOutcome, 'step' | 'bucket' | 'key' | 'resultKey' | 'seconds'>) => StepOutcome;

/** The outcome of a run stopped by the deadline: nothing written after it (header comment). */
function stopped(signal: AbortSignal, log: Logger, outcome: OutcomeOf, input: ObjectInfo | null, written: string[] = []): StepOutcome {
  const message = describeError(signal.reason);
  log.warn('stopped at the deadline; nothing written after it', { error: message, uncommittedOutputs: written });
  return outcome({ status: 'failed', httpStatus: 504, error: message, ...(input ? { inputEtag: input.etag } : {}) });
}

async function execute<R>(
  def: StepDefinition<R>, request: StepRequest, store: ObjectStore, target: StepTarget, input: ObjectInfo,
  log: Logger, call: { tmpRoot: string; now: () => Date; callId: string }, written: string[], signal: AbortSignal,
): Promise<void> {
  const { ref, source } = target;
  const { tmpRoot, now } = call;
  const overrides = request.params ?? {};
  // Ad-hoc calls carry their optics in the request; pipeline calls read the session's parameters.
  const params = target.adhoc ? adhocParams(overrides) : await loadSessionParams(store, ref, overrides);
  if (target.chain) await prepareChain(store, def.step, target, params, written);
  signal.throwIfAborted();
  const workDir = await mkdtemp(join(tmpRoot, `cryoem-${def.step}-`));
  const startedAt = now();
  const t0 = performance.now();
  try {
    log.info('start', { etag: input.etag, force: request.force, ...(target.adhoc ? { output: resultKey(def.step, ref), chain: target.chain } : {}) });
    const run = await def.run({ step: def.step, ref, source, input, store, params, overrides, log, workDir, signal });
    const timings = { startedAt: startedAt.toISOString(), seconds: (performance.now() - t0) / 1000 };
    await writeOutputs(store, def.step, ref, input, run, timings, written, signal, call.callId);
  } catch (err) {
    throw hideWorkDir(err, workDir, request.key);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function fail(
  def: { step: StepDefinition<unknown>['step'] }, request: StepRequest, store: ObjectStore, ref: MovieRef, input: ObjectInfo | null,
  err: unknown, written: string[], log: Logger, now: () => Date, outcome: OutcomeOf,
): Promise<StepOutcome> {
  const status = httpStatusOf(err);
  const message = describeError(err);
  const eKey = errorKey(def.step, ref);
  log.error('failed', { error: message, status });
  for (const key of written.reverse()) {
    await store.delete(key).catch((e: unknown) => log.warn('could not delete partial output', { output: key, error: describeError(e) }));
  }
  const etag = input?.etag ?? request.etag ?? null;
  try {
    await writeErrorRecord(store, eKey, buildErrorRecord(def.step, request.bucket, request.key, etag, err, now()));
  } catch (e) {
    log.error('could not write error record', { errorKey: eKey, error: describeError(e) });
    return outcome({ status: 'failed', httpStatus: status >= 500 ? status : 500, error: message, ...(etag ? { inputEtag: etag } : {}) });
  }
  return outcome({ status: 'failed', httpStatus: status, error: message, errorKey: eKey, ...(etag ? { inputEtag: etag } : {}) });
}
