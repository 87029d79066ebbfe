// The CTF bench's generated cases: a seeded spread over defocus, astigmatism, angle, dose, pixel size and size.
import type { DirectCtf } from '../../test/lib/ctf/directCtf.js';

export interface CtfCase {
  id: number;
  size: number;
  pixelA: number;
  dose: number;
  ctf: DirectCtf;
  seed: number;
}

/** Seeded uniform numbers (LCG; only the spread matters, not the quality). */
function uniform(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return lo + ((hi - lo) * s) / 4294967296; };
}

/**
 * `count` cases: mean defocus so both axes lie in 0.3–5 µm, astigmatism 0–3,000 Å (every fourth case
 * under 100 Å), angle anywhere in (−90°, 90°], dose 10–60 e/Å², pixel 0.5–1.5 Å; sizes cycle through
 * `sizes`. Defoci are off any round grid (to 0.1 Å), so grid-stepped answers show as errors.
 */
export function ctfCases(count: number, sizes: number[], seed = 15): CtfCase[] {
  const u = uniform(seed);
  const out: CtfCase[] = [];
  for (let id = 0; id < count; id++) {
    const astig = id % 4 === 3 ? u(0, 100) : u(0, 3000);
    const mean = u(3000 + astig / 2, 50000 - astig / 2);
    const round = (x: number): number => Math.round(x * 10) / 10;
    out.push({
      id, size: sizes[id % sizes.length], pixelA: round(u(0.5, 1.5) * 100) / 100, dose: round(u(10, 60)),
      ctf: { df1A: round(mean + astig / 2), df2A: round(mean - astig / 2), angleDeg: round(u(-89.9, 90)), kv: 300, csMm: 2.7, ampContrast: 0.07 },
      seed: 1000 + id,
    });
  }
  return out;
}
