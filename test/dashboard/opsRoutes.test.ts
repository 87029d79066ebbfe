// /ui/api/ops/* on the real embedded stack: the overview from the gateway's /system routes, the trace, discard and
// retry (audited with the acting person), and refusal for a user who is not an administrator.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../single-machine/config.js';
import { startStack } from '../../single-machine/startStack.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import { waitFor } from '../e2e/helpers/waitFor.js';

let dir: string;
let stack: RunningStack;
let admin: string;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const call = (auth: string, path: string, body?: unknown) => fetch(`${stack.gateway.url}${path}`, {
  method: body === undefined ? 'GET' : 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
});

interface Overview {
  functions: { name: string; replicas: number; availableReplicas: number; queued: number; inflight: number }[];
  queue: { queued: number; inflight: number };
  webhookBacklog: number | null;
  throughput: { windowSeconds: number; steps: { function: string; failed: number }[] };
  deadLetters: { count: number; byCause: Record<string, number>; letters: { callId: string; key?: string; causeClass: string }[] };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ui-ops-'));
  stack = await startStack(loadStackConfig({ CRYOEM_DATA_DIR: dir, STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0', WEBHOOK_RETRY_MS: '200' }, ['--no-demo']));
  await stack.connector.started;
  admin = basic(stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
  expect((await call(admin, '/ui/api/access/users', { name: 'olga', password: 'olga-password' })).status).toBe(201);
  // Not movies: motioncor refuses them (400, never retried), so each ends as a dead letter "motioncor:400".
  for (const m of ['m1', 'm2', 'm3']) await stack.store.put(`raw/ops/s1/${m}.tif`, 'not a movie');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

const overview = async () => (await (await call(admin, '/ui/api/ops/overview')).json()) as Overview;

describe('/ui/api/ops', () => {
  it('gives the administrator functions, queue, backlog, throughput and the dead letters with their cause', async () => {
    // Settled: three letters, nothing running, every store event (error records too) delivered.
    const o = await waitFor(async () => { const v = await overview(); return v.deadLetters.count === 3 && v.queue.inflight === 0 && v.webhookBacklog === 0 ? v : null; }, 'three dead letters, settled');
    expect(o.functions.map((f) => f.name).sort()).toEqual(['ctffind', 'finalize', 'motioncor', 'pick']);
    const stackFns = (await (await call(admin, '/system/functions')).json()) as { name: string; replicas: number; availableReplicas: number }[];
    expect(o.functions.map((f) => [f.name, f.replicas, f.availableReplicas])).toEqual(stackFns.map((f) => [f.name, f.replicas, f.availableReplicas]));
    expect(o.queue).toEqual({ queued: 0, inflight: 0 });
    expect(o.webhookBacklog).toBe(0);
    expect(o.throughput.windowSeconds).toBe(3600);
    expect(o.throughput.steps.find((s) => s.function === 'motioncor')?.failed).toBe(3);
    expect(o.deadLetters.byCause).toEqual({ 'motioncor:400': 3 });
    expect(o.deadLetters.letters.map((l) => l.key).sort()).toEqual(['raw/ops/s1/m1.tif', 'raw/ops/s1/m2.tif', 'raw/ops/s1/m3.tif']);
  });

  it('shows a movie\'s trace, discards one letter and retries the cause, audited with the acting user', async () => {
    const trace = (await (await call(admin, `/ui/api/ops/trace?key=${encodeURIComponent('raw/ops/s1/m1.tif')}`)).json()) as { movie: string; entries: { event: string; status?: number | null; source?: string }[] };
    expect(trace.movie).toBe('ops/s1/m1');
    expect(trace.entries.map((e) => [e.event, e.status ?? null, e.source ?? null])).toEqual([
      ['event', null, 'connector webhook'], ['queued', null, null], ['attempt', 400, null], ['dead-letter', 400, null],
    ]);
    const letters = (await overview()).deadLetters.letters;
    const m1 = letters.find((l) => l.key === 'raw/ops/s1/m1.tif')!;
    const discarded = await call(admin, '/ui/api/ops/dead-letters/discard', { callIds: [m1.callId] });
    expect(discarded.status).toBe(200);
    expect((await overview()).deadLetters.count).toBe(2);
    const retried = (await (await call(admin, '/ui/api/ops/dead-letters/retry', { causeClass: 'motioncor:400' })).json()) as { retried: { callId: string }[] };
    expect(retried.retried).toHaveLength(2);
    const audit = (await (await call(admin, '/system/dead-letters/audit')).json()) as { actor: string; action: string; callId: string }[];
    const user = stack.credentials.gatewayUser;
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['discard', `${user} for ${user}`], ['retry', `${user} for ${user}`], ['retry', `${user} for ${user}`]]);
    expect(audit[0].callId).toBe(m1.callId);
    // Still not movies: the retried calls fail again and come back as letters, under the same ids.
    await waitFor(async () => (await overview()).deadLetters.count === 2, 'the retried letters back');
  });

  it('refuses a user who is not an administrator (403) and a bad selector (400)', async () => {
    const olga = basic('olga', 'olga-password');
    for (const [path, body] of [['/ui/api/ops/overview', undefined], ['/ui/api/ops/trace?key=raw/ops/s1/m1.tif', undefined], ['/ui/api/ops/dead-letters/discard', { causeClass: 'motioncor:400' }]] as const) {
      const res = await call(olga, path, body);
      expect(res.status, path).toBe(403);
    }
    const bad = await call(admin, '/ui/api/ops/dead-letters/retry', { callIds: [] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^dead-letter retry: /);
  });
});
