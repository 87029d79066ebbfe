// The operations routes (opsRoutes.ts) for the gateway's OpenAPI document.
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { OpsActionPath, OpsSelect, OpsTraceQuery } from './opsRoutes.js';

const ErrorBody = z.object({ error: z.string(), type: z.string() });
const json = (description: string) => ({ description, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });
const refused = { 401: err('not logged in'), 403: err('not an administrator') };

export function describeOpsRoutes(r: OpenAPIRegistry, api: string): void {
  const tags = ['operations'];
  r.registerPath({
    method: 'get', path: `${api}/ops/overview`, tags, summary: 'Functions (replicas, health, queue), webhook backlog, movies/h and step p50/p95 over the last hour, dead letters',
    responses: { 200: json('functions, queue, webhookBacklog, throughput, deadLetters'), 502: err('gateway unreachable'), ...refused },
  });
  r.registerPath({ method: 'get', path: `${api}/ops/trace`, tags, summary: 'One movie\'s timeline (the gateway\'s /system/trace)', request: { query: OpsTraceQuery }, responses: { 200: json('key, movie, entries'), 400: err('no key'), ...refused } });
  r.registerPath({
    method: 'post', path: `${api}/ops/dead-letters/{action}`, tags, summary: 'Retry or discard dead letters by call id or by cause class (audited with the acting user)',
    request: { params: OpsActionPath, body: { content: { 'application/json': { schema: OpsSelect } } } }, responses: { 200: json('the letters acted on'), 400: err('bad selector'), 404: err('no such letter'), ...refused },
  });
}
