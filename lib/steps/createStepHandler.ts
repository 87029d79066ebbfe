// OpenFaaS-shaped handler for a step: a StepRequest, a store notification (runStep per object), or a micrograph as the body.
import { randomUUID } from 'node:crypto';
import { httpStatusOf, InvalidInputError } from '../errors.js';
import { isObjectCreated, isStoreNotification, parseStoreNotification } from '../events/notification.js';
import { StepRequest } from '../events/stepRequest.js';
import { createLogger } from '../log.js';
import { z } from 'zod';
import { envDuration, loadEnv } from '../config/index.js';
import { isPipelineInput } from '../events/adhoc.js';
import { stepMetrics } from '../metrics/stepMetrics.js';
import { createObjectStore, loadStoreConfig } from '../store/index.js';
import { createLinker } from '../store/presign.js';
import type { Linker } from '../store/presign.js';
import { adhocAnswer, callIdOf, callerOf, wantsPng } from './adhocAnswer.js';
import { checkBytes, isBytesBody, storeBytesInput } from './bytesRequest.js';
import type { ObjectStore } from '../store/index.js';
import { runStep } from './runStep.js';
import type { RunStepOptions } from './runStep.js';
import type { StepDefinition, StepOutcome } from './stepDefinition.js';

/** The parts of the OpenFaaS node template's `event` a step reads. */
export interface HandlerEvent {
  body: unknown;
  /** The body's bytes as received (the function host sets it). */
  rawBody?: Uint8Array;
  headers?: Record<string, string | string[] | undefined>;
  query?: Record<string, string | string[]>;
}

/** The parts of the OpenFaaS node template's `context` a step uses (status is chainable). */
export interface HandlerContext {
  status(code: number): HandlerContext;
  /** Sets reply headers (the host's context has it; test recorders may not). */
  headers?(values: Record<string, string>): HandlerContext;
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
  /** Expiring links to ad-hoc outputs. @default presigned GETs from the S3_* config, STEP_LINK_TTL long, to S3_PUBLIC_ENDPOINT when set */
  link?: Linker;
}

/** Lifetime of output links, and the store address callers use when it differs from the functions' S3_ENDPOINT. */
const LinkEnv = z.object({ STEP_LINK_TTL: envDuration.default(3_600_000), S3_PUBLIC_ENDPOINT: z.url().optional() });

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
  let link = options.link;
  const env = options.env ?? process.env;
  const linkSeconds = Math.round(loadEnv('step links', LinkEnv, env).STEP_LINK_TTL / 1000);
  return async (event, context) => {
    const who = { caller: callerOf(event.headers), callId: callIdOf(event.headers) };
    const contentType = event.headers?.['content-type'];
    const raw = event.rawBody ?? (event.body instanceof Uint8Array ? event.body : undefined);
    let requests: StepRequest[];
    try {
      if (isBytesBody(typeof contentType === 'string' ? contentType : undefined, raw)) {
        checkBytes(def.step, typeof contentType === 'string' ? contentType : undefined, raw);
        store ??= createObjectStore(loadStoreConfig(env));
        const callId = who.callId ?? randomUUID();
        requests = [await storeBytesInput(store, raw, event.query ?? {}, event.headers?.['x-step-params'], { caller: who.caller, callId })];
        who.callId = callId;
      } else requests = requestsOf(event.body);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.warn('bad request', { error: message });
      return context.status(httpStatusOf(err) === 500 ? 400 : httpStatusOf(err)).succeed({ error: message });
    }
    store ??= createObjectStore(loadStoreConfig(env));
    const adhoc = requests.length === 1 && (requests[0].output !== undefined || requests[0].chain !== undefined || !isPipelineInput(def.step, requests[0].key));
    const outcomes: StepOutcome[] = [];
    const signal = context.signal ?? options.signal;
    for (const request of requests) {
      const o = await runStep(def, request, store, { ...options, log, signal, caller: who.caller, callId: who.callId });
      stepMetrics.observeStep(o.step, o.status, o.seconds);
      outcomes.push(o);
    }
    if (!adhoc) return context.status(combinedStatus(outcomes)).succeed({ outcomes });
    if (!link) {
      const e = loadEnv('step links', LinkEnv, env);
      link = createLinker(loadStoreConfig(env), linkSeconds, e.S3_PUBLIC_ENDPOINT);
    }
    const reply = await adhocAnswer(def.step, outcomes[0], store, link, linkSeconds, wantsPng(event.headers));
    if ('json' in reply) return context.status(reply.status).succeed(reply.json);
    context.headers?.({ 'Content-Type': reply.contentType, ...reply.headers });
    return context.status(reply.status).succeed(Buffer.from(reply.bytes));
  };
}
