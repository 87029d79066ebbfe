// Types of the shared step runner: what a step computes, what it is given, what the runner reports.
import type { StepName, MovieRef } from '../events/pipeline.js';
import type { SessionParams } from '../events/sessionParams.js';
import type { Logger } from '../log.js';
import type { ObjectInfo, ObjectStore } from '../store/index.js';

/** One file a step writes; `suffix` is one of STEP_OUTPUT_SUFFIXES[step] other than `.json`. */
export interface StepOutputFile {
  suffix: string;
  body: Uint8Array | string;
  contentType: string;
}

export interface StepContext {
  step: StepName;
  ref: MovieRef;
  /** The object to compute on: the movie (motioncor) or the micrograph (ctffind, pick), pipeline or ad-hoc. */
  source: string;
  /** The input object as headed before the run (its ETag is what the outputs record). */
  input: ObjectInfo;
  store: ObjectStore;
  /** session.json (or defaults) merged with the request's overrides. */
  params: SessionParams;
  /** The request's `params` overrides as given, for step-specific settings outside SessionParams. */
  overrides: Record<string, unknown>;
  log: Logger;
  /** A fresh temporary folder, removed after the run. */
  workDir: string;
  /**
   * Aborted at the function host's deadline (the caller has had its 504 by then): long work should pass
   * it on or check it, and nothing is written after it (the runner checks before every write).
   */
  signal: AbortSignal;
}

export interface StepRun<R> {
  files: StepOutputFile[];
  /** Step-specific results, stored as `results` in the result JSON. */
  result: R;
  software: { implementation: string; version: string };
  parameters: Record<string, unknown>;
}

export interface StepDefinition<R> {
  step: StepName;
  run(ctx: StepContext): Promise<StepRun<R>>;
}

export type StepStatus = 'done' | 'skipped' | 'failed';

/** What runStep reports (and the handler returns as JSON). */
export interface StepOutcome {
  status: StepStatus;
  step: StepName;
  bucket: string;
  key: string;
  /** Result JSON key ('' when the key is not an input of the step). */
  resultKey: string;
  /** Error record key, when one was written. */
  errorKey?: string;
  inputEtag?: string;
  /** 200 for done/skipped, else the error's HTTP status (400 never retried, 5xx retried). */
  httpStatus: number;
  error?: string;
  seconds: number;
}
