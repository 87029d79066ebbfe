// The FFT works inside worker threads: each thread loads its own WASM module.
import { describe, it, expect } from 'vitest';
import { createWorkerPool } from '../../../lib/parallel/workerPool.js';

describe('lib/fft in worker threads', () => {
  it('computes the same transform in two threads at once', async () => {
    const pool = createWorkerPool({ maxThreads: 2 });
    try {
      const task = new URL('./fftTask.ts', import.meta.url);
      const results = await Promise.all([1, 2].map((v) => pool.run<{ n: number; value: number }, number[]>(task, { n: 64, value: v })));
      // F(0,0) = Σ f = 4096·v + 1; F(1,0) of the single +1 at x = 1 = exp(−2πi/64)
      results.forEach((r, i) => {
        expect(r[0]).toBeCloseTo(4096 * (i + 1) + 1, 2);
        expect(r[1]).toBeCloseTo(Math.cos((2 * Math.PI) / 64), 5);
        expect(r[2]).toBeCloseTo(-Math.sin((2 * Math.PI) / 64), 5);
      });
    } finally {
      await pool.destroy();
    }
  });
});
