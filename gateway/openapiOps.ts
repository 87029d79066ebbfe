// The operations routes of the OpenAPI document (/metrics, /system/dead-letters, /system/trace): listed only where mounted.
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { SelectSchema } from './routes/deadLetters.js';
import { ThroughputQuery } from './routes/opsSummary.js';

/** Which optional routes the app mounts (each needs its dependency: metrics, dead letters, the call journal). */
export interface OpsRoutes {
  metrics: boolean;
  deadLetters: boolean;
  trace: boolean;
}

const ErrorBody = z.object({ error: z.string(), type: z.string() });
const anyJson = (description: string) => ({ description, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

export function describeOps(r: OpenAPIRegistry, mounted: OpsRoutes): void {
  const tags = ['operations'];
  r.registerPath({ method: 'get', path: '/system/queue', tags, summary: 'Async calls waiting and running, in all and per function', responses: { 200: anyJson('queued, inflight, functions') } });
  if (mounted.metrics) {
    r.registerPath({
      method: 'get', path: '/metrics', tags, summary: 'Prometheus metrics (admin basic auth, or Authorization: Bearer METRICS_TOKEN)',
      responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } }, 401: err('no admin credentials and no scrape token') },
    });
  }
  if (mounted.deadLetters) {
    r.registerPath({ method: 'get', path: '/system/dead-letters', tags, summary: 'Dead-lettered async calls with their causes, counted by cause class', responses: { 200: anyJson('count, byCause, letters') } });
    r.registerPath({ method: 'get', path: '/system/dead-letters/audit', tags, summary: 'Who retried or discarded which letter, when', responses: { 200: anyJson('audit entries') } });
    r.registerPath({
      method: 'post', path: '/system/dead-letters/{action}', tags, summary: 'Retry or discard letters by call id or by cause class',
      request: { params: z.object({ action: z.enum(['retry', 'discard']) }), body: { content: { 'application/json': { schema: SelectSchema } } } },
      responses: { 200: anyJson('the letters acted on'), 400: err('unknown action or bad selector') },
    });
  }
  if (mounted.trace) {
    r.registerPath({
      method: 'get', path: '/system/throughput', tags, summary: 'Movies finalized per hour and per-step p50/p95 call durations over the last minutes (calls journal)',
      request: { query: ThroughputQuery }, responses: { 200: anyJson('until, windowSeconds, moviesFinalized, moviesPerHour, steps'), 400: err('bad window') },
    });
    r.registerPath({
      method: 'get', path: '/system/trace', tags, summary: 'The journaled timeline of the movie an object key belongs to, across its steps',
      request: { query: z.object({ key: z.string().min(1).describe('an object key such as raw/<exp>/<session>/<movie>.tif') }) }, responses: { 200: anyJson('key, movie, entries'), 400: err('no key') },
    });
  }
}
