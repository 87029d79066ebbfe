// estimateCtf on micrographs whose CTF comes from the direct formula in directCtf.ts (no code shared with the fitter),
// and on micrographs CTFFIND 4.1.14 itself fitted (fixture): accuracy, CTFFIND's angle convention, phase shift, limits.
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { estimateCtf } from '../../../lib/ctf/index.js';
import type { Image2D } from '../../../lib/image.js';
import { directMicrograph, wavelengthA } from './directCtf.js';

// The issue's bound: no case worse than 1 % (these 1024² micrographs have 4 tiles' worth of spectrum averaging).
const tol = (df: number): number => Math.max(0.01 * df, 20);
const angleDiff = (a: number, b: number): number => Math.abs((((a - b) % 180) + 270) % 180 - 90);
const optics = { kv: 300, csMm: 2.7, ampContrast: 0.07 };

async function fit(df1A: number, df2A: number, angleDeg: number, seed = 1, bFactor?: number) {
  const img = await directMicrograph({ size: 1024, pixelA: 1, dose: 40, seed, bFactor, ctf: { df1A, df2A, angleDeg, ...optics } });
  return estimateCtf(img, { pixelSizeA: 1, minDefocusA: 2000, maxDefocusA: 50000 });
}

const Fixture = z.object({
  provenance: z.string(),
  cases: z.array(z.object({
    seed: z.number(), df1A: z.number(), df2A: z.number(), angleDeg: z.number(),
    ctffind: z.object({ defocusU: z.number(), defocusV: z.number(), astigmatismAngle: z.number() }),
  })),
});
const fixture = Fixture.parse(JSON.parse(readFileSync(new URL('./fixtures/ctffind4114-direct.json', import.meta.url), 'utf8')));

describe('estimateCtf', () => {
  it.each(fixture.cases)('CTFFIND 4.1.14 and ours agree with the truth of seed $seed ($df1A/$df2A Å at $angleDeg°)', async (c) => {
    // CTFFIND's own fit of this micrograph proves the direct formula's angle convention is CTFFIND's.
    expect(Math.abs(c.ctffind.defocusU - c.df1A)).toBeLessThanOrEqual(tol(c.df1A));
    expect(angleDiff(c.ctffind.astigmatismAngle, c.angleDeg)).toBeLessThanOrEqual(2);
    const r = await fit(c.df1A, c.df2A, c.angleDeg, c.seed);
    expect(Math.abs(r.defocusU - c.df1A)).toBeLessThanOrEqual(tol(c.df1A));
    expect(Math.abs(r.defocusV - c.df2A)).toBeLessThanOrEqual(tol(c.df2A));
    expect(angleDiff(r.astigmatismAngle, c.angleDeg)).toBeLessThanOrEqual(2);
  });

  it.each([
    [8000, 7000, -60],
    [30000, 28000, 30],
    [20000, 20000, 0],
    [6000, 5400, 88],
  ])('recovers defocus %d/%d Å at %d° within 1 percent (1024², 1 Å/px, 40 e/Å²)', async (u, v, ang) => {
    const r = await fit(u, v, ang);
    expect(Math.abs(r.defocusU - u)).toBeLessThanOrEqual(tol(u));
    expect(Math.abs(r.defocusV - v)).toBeLessThanOrEqual(tol(v));
    expect(r.defocusU).toBeGreaterThanOrEqual(r.defocusV);
    expect(r.astigmatismAngle).toBeGreaterThan(-90);
    expect(r.astigmatismAngle).toBeLessThanOrEqual(90);
    if (u - v >= 500) expect(angleDiff(r.astigmatismAngle, ang)).toBeLessThanOrEqual(2);
    expect(r.cc).toBeGreaterThan(0.1);
  });

  it('finds an unastigmatic 46.6 µm defocus on one low-dose tile (1024² at 0.62 Å/px, 11 e/Å²) within 1 percent', async () => {
    // Only one spectrum tile fits: the sparse grid's noise once beat the true peak here by 2,000 Å of false astigmatism.
    const ctf = { df1A: 46670, df2A: 46629, angleDeg: -29, ...optics };
    const img = await directMicrograph({ size: 1024, pixelA: 0.62, dose: 11, seed: 1015, ctf });
    const r = await estimateCtf(img, { pixelSizeA: 0.62, box: 448, minDefocusA: 2000, maxDefocusA: 55000, astigmatismRestraintA: 3000 });
    expect(Math.abs(r.defocusU - ctf.df1A)).toBeLessThanOrEqual(tol(ctf.df1A));
    expect(Math.abs(r.defocusV - ctf.df2A)).toBeLessThanOrEqual(tol(ctf.df2A));
  });

  it('reports U as the larger defocus when the truth is given with Δf₁ < Δf₂ (angle + 90°)', async () => {
    const r = await fit(14000, 16000, 20);
    expect(Math.abs(r.defocusU - 16000)).toBeLessThanOrEqual(tol(16000));
    expect(Math.abs(r.defocusV - 14000)).toBeLessThanOrEqual(tol(14000));
    expect(angleDiff(r.astigmatismAngle, 110)).toBeLessThanOrEqual(2);
  });

  it('fits an additional phase shift (phase plate) within 0.1 rad, defocus within 1 percent', async () => {
    const img = await directMicrograph({ size: 1024, pixelA: 1, dose: 40, seed: 3, ctf: { df1A: 8000, df2A: 7000, angleDeg: 10, phaseRad: Math.PI / 2, ...optics } });
    const r = await estimateCtf(img, { pixelSizeA: 1, minDefocusA: 2000, findPhaseShift: true });
    expect(Math.abs(r.phaseShift - Math.PI / 2)).toBeLessThan(0.1);
    expect(Math.abs(r.defocusU - 8000)).toBeLessThan(80);
    expect(Math.abs(r.defocusV - 7000)).toBeLessThan(70);
  });

  it('the fit resolution gets worse as the B-factor grows', async () => {
    const res: number[] = [];
    for (const b of [20, 150, 400]) res.push((await fit(15000, 15000, 0, 9, b)).fitResolutionA);
    expect(res[1]).toBeGreaterThan(res[0]);
    expect(res[2]).toBeGreaterThan(res[1]);
  });

  it('claims no fit resolution past the CTF aliasing limit (a ring narrower than 2 spectrum pixels)', async () => {
    const img = await directMicrograph({ size: 2048, pixelA: 1, dose: 60, seed: 4, bFactor: 0, ctf: { df1A: 45000, df2A: 45000, angleDeg: 0, ...optics } });
    const r = await estimateCtf(img, { pixelSizeA: 1, minDefocusA: 2000, maxDefocusA: 50000 });
    expect(Math.abs(r.defocusU - 45000)).toBeLessThanOrEqual(tol(45000));
    // Ring period in s is π/(dχ/ds) = 1/(2λ·Δf·s) (Cs neglected: it only lowers the slope); 2 pixels of 1/(box·apix) at:
    const sAlias = (512 * r.pixelSizeForFittingA) / (4 * wavelengthA(300) * 45000);
    expect(r.fitResolutionA).toBeGreaterThanOrEqual(0.97 / sAlias);
  });

  it('pure noise and a blank image give a low CC', async () => {
    const n = 1024;
    const noise: Image2D = { width: n, height: n, data: new Float32Array(n * n) };
    let s = 12345;
    for (let i = 0; i < noise.data.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; noise.data[i] = 40 * (s / 2147483648); }
    const rn = await estimateCtf(noise, { pixelSizeA: 1 });
    expect(rn.cc).toBeLessThan(0.06);
    const blank: Image2D = { width: n, height: n, data: new Float32Array(n * n).fill(40) };
    const rb = await estimateCtf(blank, { pixelSizeA: 1 });
    expect(rb.cc).toBeLessThan(0.06);
  });

  it('rejects a zero pixel size and a micrograph smaller than one tile', async () => {
    const img: Image2D = { width: 256, height: 256, data: new Float32Array(256 * 256) };
    await expect(estimateCtf(img, { pixelSizeA: 0 })).rejects.toThrow('CTF estimation: pixel size must be > 0 Å, got 0');
    await expect(estimateCtf(img, { pixelSizeA: 1 })).rejects.toThrow('CTF spectrum: micrograph 256×256 is smaller than one 768-pixel tile (box 512); use a smaller box');
  });
});
