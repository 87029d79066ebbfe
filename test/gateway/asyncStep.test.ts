// Steps over the gateway: sync by key keyed by the authenticated caller and the gateway's call id; async by bytes and by key with X-Callback-Url.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import { encodeMrc } from '../../lib/formats/mrc/index.js';
import { matchPicks } from '../../lib/pick/index.js';
import { simulateMicrograph } from '../../lib/synth/index.js';
import { startCallbackReceiver, type CallbackReceiver } from '../fixtures/functions/callbackReceiver.js';
import { startStoreFixture, type StoreFixture } from '../lib/mirror/storeFixture.js';

let dir: string;
let gw: RunningGateway;
let cb: CallbackReceiver;
let fx: StoreFixture;
const auth = `Basic ${Buffer.from('erin:pw').toString('base64')}`;

/** stack.yml with only ctffind and pick, handlers as absolute paths. */
function writeStepStack(into: string): string {
  const stack = parse(readFileSync('stack.yml', 'utf8')) as { functions: Record<string, { handler: string }> };
  const functions = Object.fromEntries(['ctffind', 'pick'].map((n) => [n, { ...stack.functions[n], handler: path.resolve(stack.functions[n].handler) }]));
  const file = path.join(into, 'stack.yml');
  writeFileSync(file, stringify({ ...stack, functions }));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-steps-'));
  writeFileSync(path.join(dir, 'basic-auth-user'), 'erin');
  writeFileSync(path.join(dir, 'basic-auth-password'), 'pw');
  fx = await startStoreFixture();
  cb = await startCallbackReceiver();
  gw = await startGateway({ stackPath: writeStepStack(dir), stateDir: path.join(dir, 'state'), port: 0, authDir: dir, functionEnv: { ...fx.env, LOG_LEVEL: 'error' } });
});

afterAll(async () => {
  await gw?.stop();
  await cb?.close();
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('steps over the gateway', () => {
  it('sync by key: outputs under processed/adhoc/<user>/<X-Call-Id>/', async () => {
    const sim = await simulateMicrograph({ width: 512, pixelSizeA: 2, particleDiameterA: 160, particleCount: 8, seed: 9 });
    await fx.store.put('mine/m9.mrc', encodeMrc([sim.image], { pixelSizeA: 2 }));
    const res = await fetch(`${gw.url}/function/pick`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json', 'x-caller': 'mallory' }, body: JSON.stringify({ bucket: 'cryoem', key: 'mine/m9.mrc', params: { particleDiameterA: 160 } }) });
    expect(res.status).toBe(200);
    const callId = res.headers.get('x-call-id');
    const answer = (await res.json()) as { resultKey: string };
    expect(answer.resultKey).toBe(`processed/adhoc/erin/${callId}/picks/m9.json`);
  });

  it('async by bytes and by key deliver the result JSON to the callback', async () => {
    const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 1.0, seed: 12, ctf: { defocusUA: 16000, defocusVA: 15000, astigmatismAngleDeg: 30, voltageKv: 300 } });
    const bytes = await fetch(`${gw.url}/async-function/ctffind?name=async1&minDefocusA=5000`, {
      method: 'POST', headers: { authorization: auth, 'content-type': 'application/octet-stream', 'x-callback-url': cb.url }, body: encodeMrc([sim.image], { pixelSizeA: 1.0, mode: 2 }),
    });
    expect(bytes.status).toBe(202);
    const id1 = bytes.headers.get('x-call-id')!;
    const got1 = await cb.waitFor((c) => c.headers['x-call-id'] === id1, 120_000);
    expect(got1.headers['x-function-status']).toBe('200');
    const ctf = JSON.parse(got1.body) as { results: { defocusU: number; defocusV: number }; resultKey: string };
    expect(Math.abs(ctf.results.defocusU - 16000)).toBeLessThanOrEqual(100);
    expect(Math.abs(ctf.results.defocusV - 15000)).toBeLessThanOrEqual(100);
    expect(ctf.resultKey).toBe(`processed/adhoc/erin/${id1}/ctf/async1.json`);

    const pickSim = await simulateMicrograph({ width: 1024, pixelSizeA: 2, particleDiameterA: 180, particleCount: 20, seed: 4 });
    await fx.store.put('mine/p1.mrc', encodeMrc([pickSim.image], { pixelSizeA: 2 }));
    const byKey = await fetch(`${gw.url}/async-function/pick`, {
      method: 'POST', headers: { authorization: auth, 'content-type': 'application/json', 'x-callback-url': cb.url }, body: JSON.stringify({ bucket: 'cryoem', key: 'mine/p1.mrc', params: { particleDiameterA: 180 } }),
    });
    const id2 = byKey.headers.get('x-call-id')!;
    const got2 = await cb.waitFor((c) => c.headers['x-call-id'] === id2, 120_000);
    const picks = JSON.parse(got2.body) as { particles: { x: number; y: number }[] };
    expect(matchPicks(picks.particles, pickSim.truth.particles.centres, 36).recall).toBeGreaterThanOrEqual(0.9);
  });
});
