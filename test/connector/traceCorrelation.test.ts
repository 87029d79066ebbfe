// One call id end to end: store event → connector (logs it) → gateway queue (keeps it) → step attempts → result JSON (records it).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { main } from '../../cli/main.js';
import { createConnectorApp } from '../../connector/app.js';
import { createGatewayClient } from '../../connector/gatewayClient.js';
import { createTopicRouter } from '../../connector/topicRouter.js';
import { ToolFailedError } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import { createStepHandler, type HandlerContext } from '../../lib/steps/createStepHandler.js';
import type { StepDefinition } from '../../lib/steps/stepDefinition.js';
import { startStoreFixture, type StoreFixture } from '../lib/mirror/storeFixture.js';
import { ADMIN, startGatewayHarness, type GatewayHarness } from '../support/gatewayHarness.js';

const RAW = 'raw/exp1/s1/grid1/m001.tif';
const RESULT = 'processed/exp1/s1/motioncor/grid1/m001.json';
const TOKEN = 'trace-token-0123456789';

let fx: StoreFixture;
let h: GatewayHarness;
let server: Server;
let connectorUrl = '';
const logLines: Record<string, unknown>[] = [];
let runs = 0;

/** A motioncor that fails twice (502, retried by the queue) and then writes its PNG and result JSON. */
const flaky: StepDefinition<{ ok: boolean }> = {
  step: 'motioncor',
  async run() {
    if (++runs <= 2) throw new ToolFailedError(`MotionCor2 exited 1 on run ${runs}: CUDA out of memory`);
    return { files: [{ suffix: '.png', body: 'png', contentType: 'image/png' }], result: { ok: true }, software: { implementation: 'test', version: '0' }, parameters: {} };
  },
};

beforeAll(async () => {
  fx = await startStoreFixture();
  const handler = createStepHandler(flaky, { store: fx.store, env: {}, log: createLogger('motioncor', {}, () => undefined) });
  h = await startGatewayHarness([{
    name: 'motioncor',
    annotations: { topic: 'raw/*/*/**/*.{tif,tiff,mrc,eer}' },
    async handle(req, body) {
      let reply = { status: 0, body: '' };
      const context: HandlerContext = {
        status(code) { reply.status = code; return context; },
        succeed(value) { reply = { ...reply, body: JSON.stringify(value) }; return value; },
      };
      await handler({ body, headers: req.headers }, context);
      return reply;
    },
  }], {}, { retryCodes: [502, 503] });
  const log = createLogger('connector', {}, (line) => { logLines.push(JSON.parse(line) as Record<string, unknown>); });
  const gateway = createGatewayClient({ url: h.url, auth: ADMIN });
  const app = createConnectorApp({ bucket: 'cryoem', authToken: TOKEN, topics: createTopicRouter(gateway, 60_000, log), gateway, log, reconcile: () => Promise.reject(new Error('not used')) });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  connectorUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vi.stubEnv('GATEWAY_URL', h.url);
  vi.stubEnv('GATEWAY_USER', ADMIN.user);
  vi.stubEnv('GATEWAY_PASSWORD', ADMIN.password);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise<void>((r) => server?.close(() => r()));
  await h?.close();
  await fx?.stop();
});
afterEach(() => { process.exitCode = undefined; });

interface Entry { time: string; callId: string; function: string; event: string; attempt?: number; status?: number | null; source?: string; outputs?: string[] }

describe('trace correlation from the store event to the result JSON', () => {
  it('links event → call → both failed attempts and the success → the result JSON, under the id the connector logged', async () => {
    await fx.store.put(RAW, 'movie bytes');
    const event = { Records: [{ eventSource: 'minio:s3', eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: 'cryoem' }, object: { key: RAW, eTag: 'e1' } } }] };
    const res = await fetch(`${connectorUrl}/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(res.status).toBe(200);

    const forwarded = logLines.filter((l) => l.msg === 'forwarded');
    expect(forwarded.map((l) => [l.function, l.key])).toEqual([['motioncor', RAW]]);
    const callId = String(forwarded[0].callId);

    const trace = async () => (await (await fetch(`${h.url}/system/trace?key=${encodeURIComponent(RAW)}`, { headers: h.admin })).json()) as { entries: Entry[] };
    await vi.waitFor(async () => expect((await trace()).entries.map((e) => e.event)).toContain('done'), { timeout: 20_000, interval: 50 });
    const { entries } = await trace();
    expect(entries.map((e) => [e.callId, e.function, e.event, e.attempt, e.status, e.source, e.outputs])).toEqual([
      [callId, 'motioncor', 'event', undefined, undefined, 'connector webhook', undefined],
      [callId, 'motioncor', 'queued', 0, undefined, undefined, undefined],
      [callId, 'motioncor', 'attempt', 1, 502, undefined, undefined],
      [callId, 'motioncor', 'attempt', 2, 502, undefined, undefined],
      [callId, 'motioncor', 'attempt', 3, 200, undefined, undefined],
      [callId, 'motioncor', 'done', 3, 200, undefined, [RESULT]],
    ]);
    // The event entry carries the time the connector received it, before the call was queued.
    expect(entries[0].time <= entries[1].time).toBe(true);
    expect(h.fakes.received.get('motioncor')!.map((r) => r.headers['x-call-id'])).toEqual([callId, callId, callId]);

    const result = JSON.parse(new TextDecoder().decode(await fx.store.getBytes(RESULT))) as { callId?: string; outputs: string[] };
    expect(result.callId).toBe(callId);
    expect(result.outputs).toEqual(['processed/exp1/s1/motioncor/grid1/m001.png']);
  });

  it('prints the event source and the outputs from the CLI', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
    try {
      expect(await main(['trace', RAW])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const lines = out.join('').split('\n');
    expect(lines[0]).toBe('movie exp1/s1/grid1/m001: 6 event(s)');
    expect(lines[1]).toMatch(/motioncor\s+event\s.*from connector webhook \(raw\/exp1\/s1\/grid1\/m001\.tif\)$/);
    expect(lines[6]).toMatch(new RegExp(`motioncor\\s+done 200 .*→ ${RESULT}$`));
  });

  it('refuses an X-Call-Id that is malformed or already queued', async () => {
    const post = (id: string) => fetch(`${h.url}/async-function/motioncor`, { method: 'POST', headers: { ...h.admin, 'content-type': 'application/json', 'x-call-id': id }, body: JSON.stringify({ bucket: 'cryoem', key: 'raw/exp1/s1/grid1/none.tif' }) });
    const bad = await post('../etc/passwd');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('async call to "motioncor": X-Call-Id "../etc/passwd" must be 1-64 letters, digits or "-"');
    // A queued call on disk (written to the store directly, so no lane runs it) holds its id.
    await h.store.add({ schemaVersion: 1, callId: 'held-1', function: 'motioncor', path: '/', headers: {}, enqueuedAt: new Date().toISOString(), attempts: 0, notBefore: 0 }, Buffer.from('{}'));
    const dup = await post('held-1');
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: string }).error).toBe('async call to "motioncor": X-Call-Id "held-1" is already queued or dead-lettered');
    await h.store.remove('held-1');
  });
});
