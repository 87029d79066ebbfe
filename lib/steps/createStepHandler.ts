// OpenFaaS-shaped handler for a step: accepts a StepRequest or a store notification, runs runStep per object.
import { InvalidInputError } from '../errors.js';
import { isObjectCreated, isStoreNotification, parseStoreNotification } from '../events/notification.js';
import { StepRequest } from '../events/stepRequest.js';
import { createLogger } from '../log.js';
import { createObjectStore, loadStoreConfig } from '../store/index.js';
import type { ObjectStore } from '../store/index.js';
import { runStep } from './runStep.js';
import type { RunStepOptions } from './runStep.js';
import type { StepDefinition, StepOutcome } from './stepDefinition.js';

/** The parts of the OpenFaaS node template's `event` a step reads. */
export interface HandlerEvent {
  body: unknown;
  headers?: Record<string, string | string[] | undefined>;
}

/** The parts of the OpenFaaS node template's `context` a step uses (status is chainable). */
export interface HandlerContext {
  status(code: number): HandlerContext;
  succeed(value: unknown): unknown;
  /** The host's deadline (lib/host FunctionContext.signal); absent in callers without one. */
  signal?: AbortSignal;
}

export type StepHandler = (event: HandlerEvent, context: HandlerContext) => Promise<unknown>;

export interface CreateStepHandlerOptions extends RunStepOptions {
  /** Store to use; built once from S3_* variables on first call. @default createObjectStore(loadStoreConfig(env)) */
  store?: ObjectStore;
  /** @default process.env */
  env?: Record<string, string | undefined>;
}

/** The StepRequests in a body: a string/Buffer is parsed as JSON; notifications give one per created object. */
export function requestsOf(body: unknown): StepRequest[] {
  let value = body;
  if (typeof value === 'string' || value instanceof Uint8Array) {
    const text = typeof value === 'string' ? value : new TextDecoder().decode(value);
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new InvalidInputError(`request body: not JSON (${(err as Error).message})`, { cause: err });
    }
  }
  if (isStoreNotification(value)) {
    return parseStoreNotification(value).filter(isObjectCreated).map((e) => ({ bucket: e.bucket, key: e.key, force: false, ...(e.etag ? { etag: e.etag } : {}) }));
  }
  const parsed = StepRequest.safeParse(value);
  if (!parsed.success) {
    throw new InvalidInputError(`request body: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  }
  return [parsed.data];
}

/** Worst status wins: any retryable (5xx) failure makes the call retryable. */
function combinedStatus(outcomes: StepOutcome[]): number {
  return outcomes.reduce((worst, o) => Math.max(worst, o.httpStatus), 200);
}

/** An `async (event, context)` handler running `def` on every object the body names. */
export function createStepHandler<R>(def: StepDefinition<R>, options: CreateStepHandlerOptions = {}): StepHandler {
  let store = options.store;
  const log = options.log ?? createLogger(def.step);
  return async (event, context) => {
    let requests: StepRequest[];
    try {
      requests = requestsOf(event.body);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.warn('bad request', { error: message });
      return context.status(400).succeed({ error: message });
    }
    store ??= createObjectStore(loadStoreConfig(options.env ?? process.env));
    const outcomes: StepOutcome[] = [];
    const signal = context.signal ?? options.signal;
    for (const request of requests) outcomes.push(await runStep(def, request, store, { ...options, log, signal }));
    return context.status(combinedStatus(outcomes)).succeed({ outcomes });
  };
}
