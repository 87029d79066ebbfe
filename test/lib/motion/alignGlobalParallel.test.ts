import { describe, expect, it } from 'vitest';
import { fft2d, initFft } from '../../../lib/fft/index.js';
import { alignSpectra } from '../../../lib/motion/alignGlobal.js';
import { alignSpectraParallel } from '../../../lib/motion/alignGlobalParallel.js';
import { createWorkerPool } from '../../../lib/parallel/workerPool.js';
import { simulateMovie } from '../../../lib/synth/index.js';

describe('alignSpectraParallel', () => {
  it('returns exactly the shifts of alignSpectra when the frames are correlated on 2 worker threads', async () => {
    await initFft();
    const sim = await simulateMovie({ width: 256, frames: 7, dosePerFrame: 1.2, seed: 4, particleContrast: 0.5, iceNoise: 0.15 });
    const plan = fft2d(256, 256);
    const spectra = [...sim.frames()].map((f) => plan.forward(f));
    const opts = { bfactor: 150, maxIterations: 4 };
    const pool = createWorkerPool({ maxThreads: 2 });
    try {
      const par = await alignSpectraParallel(spectra, { ...opts, pool, minWork: 0 });
      const seq = alignSpectra(spectra, opts);
      expect(par).toEqual(seq);
      expect(par.shifts[0]).toEqual({ dx: 0, dy: 0 });
      expect(par.iterations).toBeGreaterThan(1);
    } finally {
      await pool.destroy();
    }
  });
});
