import { describe, expect, it } from 'vitest';
import { fft2d, initFft } from '../../../lib/fft/index.js';
import { alignPatches } from '../../../lib/motion/alignPatches.js';
import { alignPatchesParallel } from '../../../lib/motion/alignPatchesParallel.js';
import { createWorkerPool } from '../../../lib/parallel/workerPool.js';
import { simulateMovie } from '../../../lib/synth/index.js';

describe('alignPatchesParallel', () => {
  it('returns exactly the tracks of alignPatches, in the same order, when run on 2 worker threads', async () => {
    await initFft();
    const sim = await simulateMovie({ width: 256, frames: 6, dosePerFrame: 1.2, seed: 3, particleContrast: 0.5, iceNoise: 0.15, localMotionPx: 3 });
    const plan = fft2d(256, 256);
    const spectra = [...sim.frames()].map((f) => plan.forward(f));
    const global = spectra.map(() => ({ dx: 0, dy: 0 }));
    const opts = { patches: [3, 2] as [number, number], global, scale: [1, 1] as [number, number], width: 256, height: 256 };
    const pool = createWorkerPool({ maxThreads: 2 });
    try {
      const par = await alignPatchesParallel(spectra, { ...opts, pool, minWork: 0 });
      expect(par).toEqual(alignPatches(spectra, opts));
      // 96-px tiles (the 85.3-px pitch rounded up to an FFT size) stay inside the frame: the edge ones move inward and the tracks sit at the tiles' centres.
      expect(par.map((t) => [t.x, t.y])).toEqual([[48, 64], [128, 64], [208, 64], [48, 192], [128, 192], [208, 192]]);
      // Spectra already on shared memory (as the frame passes return them) are read in place.
      const onShared = spectra.map((s) => {
        const data = new Float32Array(new SharedArrayBuffer(s.data.byteLength));
        data.set(s.data);
        return { ...s, data };
      });
      expect(await alignPatchesParallel(onShared, { ...opts, pool, minWork: 0 })).toEqual(par);
    } finally {
      await pool.destroy();
    }
  });
});
