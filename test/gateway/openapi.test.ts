// The OpenAPI document at /system/openapi.json: valid OpenAPI 3 (a maintained validator) and listing every route the app mounts.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboard } from '../../dashboard/server/dashboard.js';
import { createApp } from '../../gateway/app.js';
import type { FunctionManager } from '../../gateway/functions/startFunctions.js';
import { createGatewayMetrics } from '../../gateway/metrics/gatewayMetrics.js';
import type { AsyncQueue } from '../../gateway/queue/asyncQueue.js';
import type { CallJournal } from '../../gateway/queue/callJournal.js';
import type { DeadLetters } from '../../gateway/queue/deadLetters.js';
import type { ObjectStore } from '../../lib/store/index.js';
import { createAccess } from '../../lib/access/index.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const dashboard = createDashboard({
  storeConfig: { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', bucket: 'cryoem' },
  store: { bucket: 'cryoem' } as ObjectStore,
  gateway: () => ({ url: 'http://127.0.0.1:1' }),
  access: createAccess({ bucket: 'cryoem' } as ObjectStore, { env: {} }), // mounts the /access admin routes too
});
const functions = { get: () => undefined, names: () => [] } as unknown as FunctionManager;
// Every optional router mounted, so that the document must list them all.
const app = createApp({
  functions,
  metrics: createGatewayMetrics({ functions, depth: () => ({ queued: 0, inflight: 0 }), deadLetterCount: async () => 0 }),
  deadLetters: { list: async () => [], act: async () => [], auditFile: '/nonexistent/audit.jsonl' } satisfies DeadLetters,
  journal: { record: async () => undefined, trace: async () => [], since: async () => [] } satisfies CallJournal,
  queue: {} as AsyncQueue,
  log: quiet,
  upstreamTimeoutMs: 1000,
  replicaWaitMs: 0,
  maxAsyncBodyBytes: 1024,
  extraRouters: [{ path: '/ui', router: dashboard.router, openapi: dashboard.openapi }],
});

let server: http.Server;
let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };
beforeAll(async () => {
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/system/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
});
afterAll(async () => {
  dashboard.close();
  await new Promise<void>((r) => server.close(() => r()));
});

interface LayerLike { route?: { path: string | string[]; methods: Record<string, boolean> }; handle: { stack?: LayerLike[] }; rawPath?: string | string[] }

/** Every "METHOD path" an express router serves, walking mounted routers (express 5 / router 2 layers), paths in OpenAPI form. */
function mountedRoutes(stack: LayerLike[], prefix = ''): string[] {
  const out: string[] = [];
  const openapiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}').replace(/\{\*(\w+)\}/g, '{$1}');
  for (const layer of stack) {
    if (layer.route) {
      for (const p of [layer.route.path].flat()) for (const m of Object.keys(layer.route.methods)) out.push(`${m === '_all' ? 'ALL' : m.toUpperCase()} ${openapiPath(prefix + p)}`);
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      out.push(...mountedRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return out;
}

describe('/system/openapi.json', () => {
  it('is a valid OpenAPI 3 document', async () => {
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.0.3');
  });

  it('documents every route the app mounts (gateway and dashboard), and nothing else', () => {
    const routes = mountedRoutes((app as unknown as { router: Router & { stack: LayerLike[] } }).router.stack);
    expect(routes).toContain('POST /function/{name}'.replace('POST', 'ALL'));
    expect(routes).toContain('GET /ui/api/sessions/{experiment}/{session}/params');
    expect(routes).toContain('GET /metrics');
    expect(routes).toContain('POST /system/dead-letters/{action}');
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).filter((k) => k !== 'parameters').map((m) => `${m.toUpperCase()} ${p}`)));
    for (const r of routes) {
      const [method, path] = r.split(' ');
      if (method === 'ALL') expect(documented.has(`POST ${path}`) && documented.has(`GET ${path}`), r).toBe(true);
      else expect(documented.has(r), r).toBe(true);
    }
    const served = new Set(routes.map((r) => r.split(' ')[1]));
    expect([...new Set(Object.keys(doc.paths))].filter((p) => !served.has(p))).toEqual([]);
  });
});
