// The demo seed puts only a movie and its session parameters in the bucket; the simulator's truth stays on disk.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSynthTruth } from '../../lib/synth/index.js';
import { seedDemo } from '../../single-machine/demo/seedDemo.js';
import { startStoreFixture } from '../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let dir = '';
beforeAll(async () => { fx = await startStoreFixture(); dir = await mkdtemp(join(tmpdir(), 'seed-demo-')); });
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

describe('seedDemo', () => {
  it('writes the movie and session.json to the bucket and the truth to the truth folder only', async () => {
    const { key } = await seedDemo(fx.store, { size: 64, frames: 3, truthDir: join(dir, 'truth') });
    const keys: string[] = [];
    for await (const o of fx.store.list('')) keys.push(o.key);
    expect(keys.sort()).toEqual(['params/demo/session-001/session.json', 'raw/demo/session-001/demo_0001.tif']);
    expect(key).toBe('raw/demo/session-001/demo_0001.tif');
    const truth = parseSynthTruth(await readFile(join(dir, 'truth', 'demo_0001_truth.json'), 'utf8'));
    expect(truth.pixelSizeA).toBe(1);
  });
});
