// Ad-hoc step calls on the real one-machine stack: unchained outputs trigger nothing; "chain": true runs the next steps through the connector.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../single-machine/config.js';
import { startStack } from '../../single-machine/startStack.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import { encodeMrc } from '../../lib/formats/mrc/index.js';
import { simulateMicrograph } from '../../lib/synth/index.js';
import { waitFor } from './helpers/waitFor.js';

let dir: string;
let stack: RunningStack;
let auth: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adhoc-chain-'));
  stack = await startStack(loadStackConfig({ CRYOEM_DATA_DIR: dir, STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0', WEBHOOK_RETRY_MS: '200' }, ['--no-demo']));
  auth = `Basic ${Buffer.from(`${stack.credentials.gatewayUser}:${stack.credentials.gatewayPassword}`).toString('base64')}`;
  await stack.connector.started;
});

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function call(step: string, body: unknown): Promise<{ callId: string; resultKey: string }> {
  const res = await fetch(`${stack.gateway.url}/function/${step}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return { callId: res.headers.get('x-call-id') ?? '', resultKey: ((await res.json()) as { resultKey: string }).resultKey };
}

describe('ad-hoc calls on the stack', () => {
  it('an unchained ctffind triggers nothing; a chained one makes the connector run pick on its outputs', async () => {
    const sim = await simulateMicrograph({ width: 512, pixelSizeA: 2, particleDiameterA: 160, particleCount: 8, seed: 21, ctf: { defocusUA: 15000, defocusVA: 15000, astigmatismAngleDeg: 0, voltageKv: 300 } });
    await stack.store.put('mine/m21.mrc', encodeMrc([sim.image], { pixelSizeA: 2 }));
    const params = { particleDiameterA: 160, box: 256, minResA: 20 };
    const plain = await call('ctffind', { bucket: 'cryoem', key: 'mine/m21.mrc', params });
    expect(plain.resultKey).toBe(`processed/adhoc/admin/${plain.callId}/ctf/m21.json`);
    const chained = await call('ctffind', { bucket: 'cryoem', key: 'mine/m21.mrc', chain: true, params });
    expect(chained.resultKey).toBe(`processed/adhoc-admin/${chained.callId}/ctf/m21.json`);
    const picks = `processed/adhoc-admin/${chained.callId}/picks/m21.json`;
    await waitFor(() => stack.store.head(picks), `pick's result ${picks}`, 90_000);
    // The plain run's store events were emitted before the chained call began, so the connector routed them first; a
    // wrongly triggered pick would have written under the plain prefix too. (test/lib/steps/adhocByKey checks the topics directly.)
    const under: string[] = [];
    for await (const o of stack.store.list(`processed/adhoc/admin/${plain.callId}/`)) under.push(o.key);
    expect(under.sort()).toEqual(['ctf/m21.json', 'ctf/m21.txt', 'ctf/m21_avrot.txt', 'ctf/m21_spectrum.png'].map((k) => `processed/adhoc/admin/${plain.callId}/${k}`));
  });
});
