import { describe, expect, it } from 'vitest';
import { initFft } from '../../../lib/fft/index.js';
import type { Image2D } from '../../../lib/image.js';
import { sumAligned } from '../../../lib/motion/sumAligned.js';
import { sumAlignedParallel } from '../../../lib/motion/sumAlignedParallel.js';
import { warpLocal } from '../../../lib/motion/warpLocal.js';
import { createWorkerPool } from '../../../lib/parallel/workerPool.js';
import { simulateMovie } from '../../../lib/synth/index.js';

describe('sumAlignedParallel', () => {
  it('gives bit-identical sums to sumAligned (global shifts, binning, and a local model) on 2 worker threads', async () => {
    await initFft();
    const sim = await simulateMovie({ width: 128, frames: 5, dosePerFrame: 1.2, seed: 6, particleContrast: 0.5, iceNoise: 0.15 });
    const frames = [...sim.frames()];
    const read = (i: number): Promise<Image2D> => Promise.resolve({ ...frames[i], data: frames[i].data.slice() });
    const shifts = frames.map((_, i) => ({ dx: 0.7 * i, dy: -0.4 * i }));
    const model = { coeffX: [0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], coeffY: Array.from({ length: 18 }, () => 0) };
    const base = { outWidth: 64, outHeight: 64, cropWidth: 64, cropHeight: 64, pixelSizeA: 2, dosePerFrame: 1.2, shifts };
    const pool = createWorkerPool({ maxThreads: 2 });
    try {
      const par = await sumAlignedParallel(read, { ...base, pool, minWork: 0 });
      const seq = await sumAligned(read, base);
      expect(par.dw.data).toEqual(seq.dw.data);
      expect(par.noDw.data).toEqual(seq.noDw.data);
      const lm = { ...model, width: 128, height: 128 };
      const parL = await sumAlignedParallel(read, { ...base, localModel: lm, pool, minWork: 0 });
      const seqL = await sumAligned(read, { ...base, local: (img, z) => warpLocal(img, model, z, { width: 128, height: 128, offset: shifts[z] }) });
      expect(parL.dw.data).toEqual(seqL.dw.data);
      expect(parL.dw.data).not.toEqual(par.dw.data);
    } finally {
      await pool.destroy();
    }
  });
});
