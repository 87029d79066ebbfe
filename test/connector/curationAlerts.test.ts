// The curation alert through the connector: result JSONs in a real store, their events posted to /events, judged with
// the session's thresholds; three rejected exposures in a row fire once to a webhook receiver, an accepted one resolves.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectorApp } from '../../connector/app.js';
import { createCurationAlerts, type CurationAlerts } from '../../connector/curationAlerts.js';
import type { GatewayClient } from '../../connector/gatewayClient.js';
import { createTopicRouter } from '../../connector/topicRouter.js';
import { createAlerts, createRejectionStreaks, webhookNotify } from '../../lib/alerts/index.js';
import { createLogger } from '../../lib/log.js';
import { startCallbackReceiver, type CallbackReceiver } from '../fixtures/functions/callbackReceiver.js';
import { startStoreFixture, type StoreFixture } from '../lib/mirror/storeFixture.js';

const TOKEN = 'curation-token-0123456789';
const log = createLogger('connector', {}, () => undefined);
let fx: StoreFixture;
let hook: CallbackReceiver;
let server: Server;
let base = '';
let curation: CurationAlerts;

const gateway: GatewayClient = {
  listFunctions: async () => [{ name: 'ctffind', annotations: { topic: 'processed/*/*/motioncor/**/*.json' } }, { name: 'pick', annotations: { topic: 'processed/*/*/ctf/**/*.json' } }],
  invokeAsync: async (_name, _request, origin) => ({ callId: origin?.callId }),
};

beforeAll(async () => {
  fx = await startStoreFixture();
  hook = await startCallbackReceiver();
  curation = createCurationAlerts({ store: fx.store, rejectedInARow: 3, log, alerts: createAlerts({ notify: webhookNotify(hook.url), minIntervalMs: 60_000, log }) });
  const app = createConnectorApp({ bucket: 'cryoem', authToken: TOKEN, topics: createTopicRouter(gateway, 60_000, log), gateway, log, reconcile: () => Promise.reject(new Error('not used')), onObjectCreated: curation.onObjectCreated });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Curation thresholds of both sessions: a CTF fit worse than 6 Å rejects.
  for (const s of ['s1', 's2']) await fx.store.put(`params/e1/${s}/curation.json`, JSON.stringify({ schemaVersion: 1, thresholds: { maxCtfResolutionA: 6 } }));
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await hook?.close();
  await fx?.stop();
});

/** Writes a step result as the step would and posts its store event to the connector. */
async function result(session: string, folder: 'motioncor' | 'ctf', movie: string, results: unknown): Promise<void> {
  const key = `processed/e1/${session}/${folder}/${movie}.json`;
  await fx.store.put(key, JSON.stringify({ results }));
  const event = { Records: [{ eventSource: 'minio:s3', eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: 'cryoem' }, object: { key, eTag: 'x' } } }] };
  const res = await fetch(`${base}/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(event) });
  expect(res.status).toBe(200);
  await curation.idle();
}
const ctf = (fitResolutionA: number) => ({ defocusU: 15000, defocusV: 14800, cc: 0.2, fitResolutionA });
const texts = () => hook.received.map((c) => (JSON.parse(c.body) as { text: string }).text);

describe('curation alert: K rejected exposures in a row', () => {
  it('fires once at the third rejected exposure in a row and resolves at the next accepted one', async () => {
    await result('s1', 'motioncor', 'm1', { motionA: { total: 5, early: 2 } }); // CTF pending: undecided
    await result('s1', 'ctf', 'm1', ctf(4)); // accepted
    await result('s1', 'ctf', 'm2', ctf(8)); // 1 rejected
    await result('s1', 'motioncor', 'm3', { motionA: { total: 5, early: 2 } }); // undecided: neither breaks nor extends the run
    await result('s2', 'ctf', 'x1', ctf(9)); // another session's run is its own
    await result('s2', 'ctf', 'x2', ctf(9));
    await result('s1', 'ctf', 'm3', ctf(9)); // 2
    expect(texts()).toEqual([]);
    await result('s1', 'ctf', 'm4', ctf(7.5)); // 3: fires
    await result('s1', 'ctf', 'm5', ctf(10)); // 4: already firing
    await result('s1', 'motioncor', 'm6', { motionA: { total: 5, early: 2 } }); // undecided: does not resolve
    expect(texts()).toEqual([':rotating_light: FIRING 3 exposures in a row rejected by curation in live session e1/s1 (latest m4: ctfResolution 7.5 (≤ 6 Å))']);
    await result('s1', 'ctf', 'm6', ctf(3.5)); // accepted: resolves
    await hook.waitFor(() => hook.received.length >= 2);
    expect(texts()).toEqual([
      ':rotating_light: FIRING 3 exposures in a row rejected by curation in live session e1/s1 (latest m4: ctfResolution 7.5 (≤ 6 Å))',
      ':white_check_mark: RESOLVED session e1/s1: exposure m6 accepted again',
    ]);
  });
});

describe('createRejectionStreaks', () => {
  it('counts the trailing rejected exposures, keeps a re-judged exposure in its place and forgets the oldest', () => {
    const s = createRejectionStreaks(3);
    expect(['rejected', 'rejected', 'accepted'].map((d, i) => s.decided('a', `m${i}`, d as 'accepted' | 'rejected'))).toEqual([1, 2, 0]);
    expect(s.decided('a', 'm2', 'rejected')).toBe(3); // m2 re-judged (e.g. an override) stays last
    expect(s.decided('a', 'm3', 'rejected')).toBe(3); // only 3 remembered: m0 is gone
    expect(s.decided('b', 'x', 'rejected')).toBe(1);
  });
});
