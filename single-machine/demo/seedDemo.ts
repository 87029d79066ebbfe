// Seeds the demo session: a small simulated movie (LZW TIFF, known truth) and its session parameters.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sessionParamsKey } from '../../lib/events/pipeline.js';
import type { MovieRef } from '../../lib/events/pipeline.js';
import { writeTiffMovie } from '../../lib/formats/tiff/index.js';
import type { ObjectStore } from '../../lib/store/index.js';
import { serializeSynthTruth, simulateMovie } from '../../lib/synth/index.js';

export interface SeedDemoOptions {
  /** @default 512 */
  size?: number;
  /** @default 16 */
  frames?: number;
  /** Movie name below the session folder. @default 'demo_0001' */
  movie?: string;
  /**
   * Local folder for the simulator's truth (<movie>_truth.json, as `cryoem-daq synth` writes it): truth
   * is test data, never part of the bucket's params/ or processed/ key space.
   */
  truthDir: string;
}

export const DEMO_SESSION = { experiment: 'demo', session: 'session-001' } as const;
const PIXEL_SIZE_A = 1.0;
const DOSE_PER_FRAME = 1.2;

/** Writes params/demo/session-001/session.json and raw/demo/session-001/<movie>.tif; the truth goes to `truthDir` on disk. */
export async function seedDemo(store: ObjectStore, options: SeedDemoOptions): Promise<{ ref: MovieRef; key: string; etag: string }> {
  const ref: MovieRef = { ...DEMO_SESSION, movie: options.movie ?? 'demo_0001' };
  const sim = await simulateMovie({ width: options.size ?? 512, frames: options.frames ?? 16, pixelSizeA: PIXEL_SIZE_A, dosePerFrame: DOSE_PER_FRAME, seed: 7 });
  const dir = await mkdtemp(join(tmpdir(), 'cryoem-demo-'));
  try {
    const path = join(dir, `${ref.movie}.tif`);
    await writeTiffMovie(path, [...sim.frames()], { compression: 'lzw', bitsPerSample: 8, pixelSizeA: PIXEL_SIZE_A });
    await store.put(sessionParamsKey(ref), JSON.stringify({ pixelSizeA: PIXEL_SIZE_A, dosePerFrame: DOSE_PER_FRAME, voltageKv: 300, csMm: 2.7 }, null, 2), { contentType: 'application/json' });
    await mkdir(options.truthDir, { recursive: true });
    await writeFile(join(options.truthDir, `${ref.movie}_truth.json`), serializeSynthTruth(sim.truth));
    const key = `raw/${ref.experiment}/${ref.session}/${ref.movie}.tif`;
    const { etag } = await store.uploadFile(path, key, { contentType: 'image/tiff' });
    return { ref, key, etag };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
