// The gateway's Prometheus metrics, named as OpenFaaS's gateway names them where it has one (gateway_*), labelled by function only.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FunctionManager } from '../functions/startFunctions.js';

/** Seconds buckets for one call: a health-sized call to a 20-minute 4096²×40 motion correction. */
const CALL_SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200];

export interface GatewayMetrics {
  registry: Registry;
  /** One sync call or one async attempt; `status` null = the function could not be reached. */
  observeCall(fn: string, kind: 'sync' | 'async', status: number | null, seconds: number): void;
  retried(fn: string): void;
  deadLettered(fn: string): void;
}

export interface GatewayMetricsSources {
  functions: FunctionManager;
  /** Async calls waiting and running for one function. */
  depth(name: string): { queued: number; inflight: number };
  /** Dead-letter records on disk now. */
  deadLetterCount(): Promise<number>;
}

/** Gauges are read from `sources` at scrape time, so they never drift from the queue's own state. */
export function createGatewayMetrics(sources: GatewayMetricsSources): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const names = () => sources.functions.names();
  const calls = new Counter({ name: 'gateway_function_invocation_total', help: 'Function calls by function, kind (sync, async attempt) and HTTP status ("none" when unreachable).', labelNames: ['function_name', 'kind', 'code'], registers });
  const seconds = new Histogram({ name: 'gateway_functions_seconds', help: 'Duration of function calls (sync) and attempts (async).', labelNames: ['function_name', 'kind', 'code'], buckets: CALL_SECONDS_BUCKETS, registers });
  const retries = new Counter({ name: 'gateway_async_retries_total', help: 'Async attempts that failed and were scheduled again.', labelNames: ['function_name'], registers });
  const dead = new Counter({ name: 'gateway_async_dead_letters_total', help: 'Async calls that failed for good and were written as dead letters.', labelNames: ['function_name'], registers });
  new Gauge({ name: 'gateway_async_dead_letters', help: 'Dead-letter records waiting for retry or discard.', registers, async collect() { this.set(await sources.deadLetterCount()); } });
  new Gauge({ name: 'gateway_async_queue_depth', help: 'Async calls waiting (not yet running) per function.', labelNames: ['function_name'], registers, collect() { for (const n of names()) this.set({ function_name: n }, sources.depth(n).queued); } });
  new Gauge({ name: 'gateway_async_inflight', help: 'Async calls running now per function.', labelNames: ['function_name'], registers, collect() { for (const n of names()) this.set({ function_name: n }, sources.depth(n).inflight); } });
  new Gauge({
    name: 'gateway_service_count', help: 'Replicas per function.', labelNames: ['function_name'], registers,
    collect() { for (const n of names()) this.set({ function_name: n }, sources.functions.get(n)?.replicas.length ?? 0); },
  });
  new Gauge({
    name: 'gateway_service_available_count', help: 'Replicas per function answering their health check.', labelNames: ['function_name'], registers,
    collect() { for (const n of names()) this.set({ function_name: n }, sources.functions.get(n)?.availableReplicas() ?? 0); },
  });
  return {
    registry,
    observeCall(fn, kind, status, s) {
      const labels = { function_name: fn, kind, code: status === null ? 'none' : String(status) };
      calls.inc(labels);
      seconds.observe(labels, s);
    },
    retried: (fn) => retries.inc({ function_name: fn }),
    deadLettered: (fn) => dead.inc({ function_name: fn }),
  };
}
