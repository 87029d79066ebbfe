// A movie's trace: motioncor failing twice then succeeding shows all three attempts, then the next step, under one call id per step.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.js';
import { startCallbackReceiver, type CallbackReceiver } from '../../fixtures/functions/callbackReceiver.js';
import { ADMIN, startGatewayHarness, type GatewayHarness } from '../../support/gatewayHarness.js';

let h: GatewayHarness;
let cb: CallbackReceiver;
let motioncorCalls = 0;
const RAW = 'raw/exp1/s1/grid1/m001.tif';
const NEXT = 'processed/exp1/s1/motioncor/grid1/m001.json';

beforeAll(async () => {
  cb = await startCallbackReceiver();
  h = await startGatewayHarness([
    // 503 is retried by the harness queue: two failed attempts, then success.
    { name: 'motioncor', handle: () => ({ status: ++motioncorCalls <= 2 ? 503 : 200, body: motioncorCalls <= 2 ? 'GPU busy' : '{}' }) },
    { name: 'ctffind', handle: () => ({ status: 200, body: '{}' }) },
  ]);
  vi.stubEnv('GATEWAY_URL', h.url);
  vi.stubEnv('GATEWAY_USER', ADMIN.user);
  vi.stubEnv('GATEWAY_PASSWORD', ADMIN.password);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await h?.close();
  await cb?.close();
});
afterEach(() => { process.exitCode = undefined; });

async function run(name: string, key: string): Promise<string> {
  const res = await fetch(`${h.url}/async-function/${name}`, { method: 'POST', headers: { ...h.admin, 'content-type': 'application/json', 'X-Callback-Url': cb.url }, body: JSON.stringify({ bucket: 'cryoem', key }) });
  const id = res.headers.get('x-call-id')!;
  await cb.waitFor((c) => c.headers['x-call-id'] === id);
  return id;
}

interface Entry { callId: string; function: string; event: string; attempt?: number; status?: number | null; key?: string }

describe('/system/trace and cryoem-daq trace', () => {
  it('shows both failed attempts, the success and the next step, from the raw key or a later key', async () => {
    const m = await run('motioncor', RAW);
    const c = await run('ctffind', NEXT);
    await vi.waitFor(() => expect(h.queue.depth('ctffind').inflight).toBe(0));
    for (const key of [RAW, NEXT]) {
      const res = await fetch(`${h.url}/system/trace?key=${encodeURIComponent(key)}`, { headers: h.admin });
      const t = (await res.json()) as { movie: string; entries: Entry[] };
      expect(t.movie).toBe('exp1/s1/grid1/m001');
      expect(t.entries.map((e) => [e.callId, e.function, e.event, e.attempt, e.status])).toEqual([
        [m, 'motioncor', 'queued', 0, undefined],
        [m, 'motioncor', 'attempt', 1, 503],
        [m, 'motioncor', 'attempt', 2, 503],
        [m, 'motioncor', 'attempt', 3, 200],
        [m, 'motioncor', 'done', 3, 200],
        [c, 'ctffind', 'queued', 0, undefined],
        [c, 'ctffind', 'attempt', 1, 200],
        [c, 'ctffind', 'done', 1, 200],
      ]);
    }
    // The function saw the same call id on every attempt.
    expect(h.fakes.received.get('motioncor')!.map((r) => r.headers['x-call-id'])).toEqual([m, m, m]);
  });

  it('prints the timeline from the CLI, and refuses without credentials', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
    try {
      expect(await main(['trace', RAW])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const text = out.join('');
    expect(text.split('\n')[0]).toBe('movie exp1/s1/grid1/m001: 8 event(s)');
    expect(text.match(/motioncor\s+attempt #\d 503/g)).toHaveLength(2);
    expect(text).toMatch(/motioncor\s+attempt #3 200/);
    expect((await fetch(`${h.url}/system/trace?key=${RAW}`)).status).toBe(401);
  });
});
