// The labels and annotations the runtime reads from a stack function: replicas, async concurrency, retries, topic.
import { InvalidInputError } from '../errors.js';
import type { StackFunction } from './schema.js';

/** Replica count (OpenFaaS autoscaling label; faas-swarm used it as the Swarm replica count). */
export const SCALE_MIN_LABEL = 'com.openfaas.scale.min';
/** Upper bound of replicas (OpenFaaS autoscaling label; its default is 20). */
export const SCALE_MAX_LABEL = 'com.openfaas.scale.max';
/** "true" lets the function be scaled to zero replicas (OpenFaaS's idler opt-in). */
export const SCALE_ZERO_LABEL = 'com.openfaas.scale.zero';
/** Async calls of this function running at once (this project's label; the CE queue-worker's `max_inflight` per function). */
export const MAX_INFLIGHT_LABEL = 'com.openfaas.queue.max_inflight';
/** Per-function retry overrides, named as OpenFaaS Pro's queue-worker annotations. */
export const RETRY_ATTEMPTS_ANNOTATION = 'com.openfaas.retry.attempts';
export const RETRY_CODES_ANNOTATION = 'com.openfaas.retry.codes';
export const RETRY_MIN_WAIT_ANNOTATION = 'com.openfaas.retry.min_wait';
export const RETRY_MAX_WAIT_ANNOTATION = 'com.openfaas.retry.max_wait';
/** Key glob(s) of bucket objects that trigger the function (connector-sdk convention). */
export const TOPIC_ANNOTATION = 'topic';

function positiveInt(name: string, key: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new InvalidInputError(`function "${name}" ${key}: expected an integer >= ${min}, got "${raw}"`);
  return n;
}

/** Replicas to run: label `com.openfaas.scale.min`, default 1. */
export function minReplicas(name: string, fn: StackFunction): number {
  return positiveInt(name, SCALE_MIN_LABEL, fn.labels[SCALE_MIN_LABEL], 1);
}

/** Async concurrency: label `com.openfaas.queue.max_inflight`, default 1 (the CE queue-worker default). */
export function maxInflight(name: string, fn: StackFunction): number {
  return positiveInt(name, MAX_INFLIGHT_LABEL, fn.labels[MAX_INFLIGHT_LABEL], 1);
}

/** Retry attempts override from `com.openfaas.retry.attempts`, or undefined. */
export function retryAttempts(name: string, fn: StackFunction): number | undefined {
  const raw = fn.annotations[RETRY_ATTEMPTS_ANNOTATION];
  return raw === undefined ? undefined : positiveInt(name, RETRY_ATTEMPTS_ANNOTATION, raw, 1);
}

/** HTTP statuses to retry from `com.openfaas.retry.codes` ("429,502,503"), or undefined. */
export function retryCodes(name: string, fn: StackFunction): number[] | undefined {
  const raw = fn.annotations[RETRY_CODES_ANNOTATION];
  if (raw === undefined) return undefined;
  return raw.split(',').map((s) => positiveInt(name, RETRY_CODES_ANNOTATION, s.trim(), 0, 100));
}

/** Replica counts a scale request may set: [scale.min, scale.max] (max default 20), plus 0 when scale.zero is "true". */
export function scaleRange(name: string, fn: StackFunction): { min: number; max: number; zero: boolean } {
  const min = minReplicas(name, fn);
  const max = positiveInt(name, SCALE_MAX_LABEL, fn.labels[SCALE_MAX_LABEL], 20);
  if (max < min) throw new InvalidInputError(`function "${name}" ${SCALE_MAX_LABEL}: ${max} is below ${SCALE_MIN_LABEL} ${min}`);
  return { min, max, zero: fn.labels[SCALE_ZERO_LABEL] === 'true' };
}
