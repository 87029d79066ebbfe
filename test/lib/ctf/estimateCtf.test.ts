// estimateCtf on simulated micrographs with known CTF: accuracy, conventions, B-factor vs fit resolution, noise gives low CC.
import { describe, it, expect } from 'vitest';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { estimateCtf } from '../../../lib/ctf/index.js';
import type { Image2D } from '../../../lib/image.js';

const tol = (df: number): number => Math.max(0.005 * df, 20);
const angleDiff = (a: number, b: number): number => Math.abs((((a - b) % 180) + 270) % 180 - 90);

async function fit(ctf: { defocusUA: number; defocusVA: number; astigmatismAngleDeg: number; bFactorA2?: number }, seed = 1) {
  const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 1, totalDose: 40, seed, ctf });
  return estimateCtf(sim.image, { pixelSizeA: 1, minDefocusA: 2000, maxDefocusA: 50000 });
}

describe('estimateCtf', () => {
  it.each([
    [8000, 7000, -60],
    [30000, 28000, 30],
    [20000, 20000, 0],
  ])('recovers defocus %d/%d Å at %d° within 0.5 percent (1024², 1 Å/px, 40 e/Å²)', async (u, v, ang) => {
    const r = await fit({ defocusUA: u, defocusVA: v, astigmatismAngleDeg: ang });
    expect(Math.abs(r.defocusU - u)).toBeLessThanOrEqual(tol(u));
    expect(Math.abs(r.defocusV - v)).toBeLessThanOrEqual(tol(v));
    expect(r.defocusU).toBeGreaterThanOrEqual(r.defocusV);
    expect(r.astigmatismAngle).toBeGreaterThan(-90);
    expect(r.astigmatismAngle).toBeLessThanOrEqual(90);
    if (u - v >= 500) expect(angleDiff(r.astigmatismAngle, ang)).toBeLessThanOrEqual(3);
    expect(r.cc).toBeGreaterThan(0.1);
  });

  it('reports U as the larger defocus when the truth is given with U < V (angle + 90°)', async () => {
    const r = await fit({ defocusUA: 14000, defocusVA: 16000, astigmatismAngleDeg: 20 });
    expect(Math.abs(r.defocusU - 16000)).toBeLessThanOrEqual(tol(16000));
    expect(Math.abs(r.defocusV - 14000)).toBeLessThanOrEqual(tol(14000));
    expect(angleDiff(r.astigmatismAngle, 110)).toBeLessThanOrEqual(3);
  });

  it('fits an additional phase shift (phase plate) within 0.1 rad, defocus within 1 percent', async () => {
    const sim = await simulateMicrograph({ width: 1024, pixelSizeA: 1, seed: 3, ctf: { defocusUA: 8000, defocusVA: 7000, astigmatismAngleDeg: 10, phaseShiftRad: Math.PI / 2 } });
    const r = await estimateCtf(sim.image, { pixelSizeA: 1, minDefocusA: 2000, findPhaseShift: true });
    expect(Math.abs(r.phaseShift - Math.PI / 2)).toBeLessThan(0.1);
    expect(Math.abs(r.defocusU - 8000)).toBeLessThan(80);
    expect(Math.abs(r.defocusV - 7000)).toBeLessThan(70);
  });

  it('the fit resolution gets worse as the B-factor grows', async () => {
    const res: number[] = [];
    for (const b of [0, 100, 300]) res.push((await fit({ defocusUA: 15000, defocusVA: 15000, astigmatismAngleDeg: 0, bFactorA2: b })).fitResolutionA);
    expect(res[1]).toBeGreaterThan(res[0]);
    expect(res[2]).toBeGreaterThan(res[1]);
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
