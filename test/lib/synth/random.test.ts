// The seeded PRNG is reproducible and its Poisson sampler has the right mean and variance.
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../lib/synth/index.js';

describe('createRng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const va = [a.next(), a.next(), a.normal()];
    expect([b.next(), b.next(), b.normal()]).toEqual(va);
    expect(c.next()).not.toBe(va[0]);
  });

  it.each([0.3, 1.44, 8, 100])('poisson(%f) has mean and variance λ within 4 standard errors', (lambda) => {
    const r = createRng(1);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let nonInteger = 0;
    for (let i = 0; i < n; i++) {
      const k = r.poisson(lambda);
      if (!Number.isInteger(k) || k < 0) nonInteger++;
      s += k;
      s2 += k * k;
    }
    expect(nonInteger).toBe(0);
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n));
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.03);
  });

  it('normal() has mean 0 and variance 1', () => {
    const r = createRng(3);
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < 100_000; i++) {
      const v = r.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / 1e5)).toBeLessThan(0.015);
    expect(Math.abs(s2 / 1e5 - 1)).toBeLessThan(0.02);
  });
});
