// Bytes in, answer out: a micrograph as the request body through the function host, answered with the result JSON, links or a PNG.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctffind } from '../../../functions/ctffind/handler.js';
import { pick } from '../../../functions/pick/handler.js';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { serveHandler } from '../../../lib/host/index.js';
import type { RunningHost } from '../../../lib/host/index.js';
import { matchPicks } from '../../../lib/pick/index.js';
import { createStepHandler } from '../../../lib/steps/index.js';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { startStoreFixture } from '../mirror/storeFixture.js';
import type { StoreFixture } from '../mirror/storeFixture.js';

let fx: StoreFixture;
const hosts: RunningHost[] = [];
beforeAll(async () => { fx = await startStoreFixture(); });
afterAll(async () => {
  for (const h of hosts) await h.close();
  await fx.stop();
});

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const MiB = 1024 * 1024;

async function host(def: typeof ctffind | typeof pick, maxRawBytes = 80 * MiB): Promise<string> {
  const h = await serveHandler(createStepHandler(def as typeof ctffind, { store: fx.store, env: fx.env, log: quiet }), { port: 0, maxRawBytes, execTimeoutMs: 0, logger: quiet });
  hosts.push(h);
  return h.url;
}

describe('steps by bytes', () => {
  it('ctffind on a 2048² float32 MRC body answers that micrograph\'s defocus, with working links under the ad-hoc prefix', async () => {
    const sim = await simulateMicrograph({ width: 2048, pixelSizeA: 1.0, seed: 11, ctf: { defocusUA: 21000, defocusVA: 19500, astigmatismAngleDeg: 60, voltageKv: 300 } });
    const body = encodeMrc([sim.image], { pixelSizeA: 1.0, mode: 2 });
    expect(body.length).toBe(1024 + 2048 * 2048 * 4);
    const url = await host(ctffind);
    const res = await fetch(`${url}/?name=mic7&voltageKv=300&minDefocusA=5000`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream', 'x-caller': 'dana', 'x-call-id': 'b1' } });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { results: { defocusU: number; defocusV: number }; input: { key: string }; resultKey: string; links: Record<string, string> };
    expect(Math.abs(answer.results.defocusU - 21000)).toBeLessThanOrEqual(100);
    expect(Math.abs(answer.results.defocusV - 19500)).toBeLessThanOrEqual(100);
    expect(answer.input.key).toBe('processed/adhoc/dana/b1/input/mic7.mrc');
    expect(answer.resultKey).toBe('processed/adhoc/dana/b1/ctf/mic7.json');
    const txt = await fetch(answer.links['processed/adhoc/dana/b1/ctf/mic7.txt']);
    expect(txt.status).toBe(200);
    expect(await txt.text()).toContain('# Output from CTFFind');
    expect(new URL(answer.links['processed/adhoc/dana/b1/ctf/mic7.txt']).searchParams.get('X-Amz-Expires')).toBe('3600');

    const png = await fetch(`${url}/?name=mic7b`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream', accept: 'image/png' } });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Array.from(new Uint8Array(await png.arrayBuffer()).subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    expect(png.headers.get('x-result-key')).toMatch(/^processed\/adhoc\/anonymous\/[0-9a-f-]{36}\/ctf\/mic7b\.json$/);
  });

  it('pick by bytes (text/plain, as faas-cli invoke sends it) answers the particle coordinates; Accept: image/png gives the overlay', async () => {
    const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 2, particleDiameterA: 180, particleCount: 20, seed: 4 });
    const body = encodeMrc([sim.image], { pixelSizeA: 2 });
    const url = await host(pick);
    const res = await fetch(`${url}/`, { method: 'POST', body, headers: { 'content-type': 'text/plain', 'x-step-params': '{"particleDiameterA":180}' } });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { results: { count: number }; particles: { x: number; y: number }[] };
    expect(answer.particles.length).toBe(answer.results.count);
    const m = matchPicks(answer.particles, sim.truth.particles.centres, 36);
    expect(m.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
    const png = await fetch(`${url}/?particleDiameterA=180`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream', accept: 'image/png' } });
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('an over-limit body gets 413 naming the limit; a TIFF gets 415 naming what the step takes', async () => {
    const small = await host(ctffind, 1 * MiB);
    const big = await fetch(`${small}/`, { method: 'POST', body: new Uint8Array(2 * MiB), headers: { 'content-type': 'application/octet-stream' } });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toBe('request body: more than 1048576 bytes (limit MAX_RAW_SIZE=1048576)');
    const tiff = new Uint8Array(4096);
    tiff.set([0x49, 0x49, 0x2a, 0x00]);
    const res = await fetch(`${small}/`, { method: 'POST', body: tiff, headers: { 'content-type': 'image/tiff' } });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toBe(
      'step ctffind takes an MRC micrograph (MRC2014, "MAP " at byte 208) as application/octet-stream, application/x-mrc, image/x-mrc, image/mrc, text/plain, or a JSON request {"bucket","key"}; got TIFF (image/tiff)',
    );
  });
});
