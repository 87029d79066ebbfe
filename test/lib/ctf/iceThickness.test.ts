// Ice thickness on micrographs of layered thick samples (thickSample.ts: a stack of thin layers at their own defoci
// plus vitreous ice scattering into its 3.7 Å ring), which share no code or formula with the estimator.
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateCtf, relativeIceThickness } from '../../../lib/ctf/index.js';
import type { CtfEstimate } from '../../../lib/ctf/index.js';
import { thickSampleMicrograph } from './thickSample.js';

const ctf = { df1A: 12000, df2A: 11500, angleDeg: 30, kv: 300, csMm: 2.7, ampContrast: 0.07 };
const THICKNESSES = [100, 800, 1600, 2400, 3200] as const;

async function fit(thicknessA: number, iceNoise?: number): Promise<CtfEstimate> {
  const img = await thickSampleMicrograph({ size: 1024, pixelA: 1, dose: 40, thicknessA, iceNoise, seed: 3, ctf });
  return estimateCtf(img, { pixelSizeA: 1, minDefocusA: 2000, maxDefocusA: 50000 });
}

describe('ice thickness', () => {
  const fits = new Map<number, CtfEstimate>();
  beforeAll(async () => {
    for (const t of THICKNESSES) fits.set(t, await fit(t));
  }, 240_000);

  it('recovers the sample thickness from the Thon-ring nodes within 10 % from 800 to 2,400 Å', () => {
    for (const t of [800, 1600, 2400]) {
      const got = fits.get(t)!.sampleThickness.thicknessA;
      expect(got, `${t} Å`).not.toBeNull();
      expect(Math.abs(got! - t), `${t} Å → ${got}`).toBeLessThanOrEqual(0.1 * t);
    }
  });

  it('grows monotonically with thickness, and claims none when the first node is past the band', () => {
    const thin = fits.get(100)!.sampleThickness;
    // 100 Å puts the first node at 1/√(λ·t) = 0.71 Å⁻¹, far past this spectrum's Nyquist (1/2.8 Å⁻¹).
    expect(thin.thicknessA).toBeNull();
    expect(thin.detectableA).toBeGreaterThan(100);
    const got = [800, 1600, 2400].map((t) => fits.get(t)!.sampleThickness.thicknessA!);
    for (let i = 1; i < got.length; i++) expect(got[i]).toBeGreaterThan(got[i - 1]);
  });

  it('keeps the defocus within 1 % of the mid-plane defocus up to 2,400 Å', () => {
    for (const t of [100, 800, 1600, 2400]) {
      const r = fits.get(t)!;
      expect(Math.abs((r.defocusU + r.defocusV) / 2 - (ctf.df1A + ctf.df2A) / 2), `${t} Å`).toBeLessThanOrEqual(0.01 * ctf.df1A);
    }
  });

  it('relative ice thickness (water ring ÷ flanks) rises strictly with thickness', () => {
    const rel = THICKNESSES.map((t) => fits.get(t)!.relativeIceThickness!);
    for (let i = 1; i < rel.length; i++) expect(rel[i], `${THICKNESSES[i]} Å`).toBeGreaterThan(rel[i - 1]);
    expect(rel[rel.length - 1]).toBeGreaterThan(1.1);
  });

  it('relative ice thickness is about 1 without ice scattering', async () => {
    const r = await fit(1600, 0);
    expect(Math.abs(r.relativeIceThickness! - 1)).toBeLessThan(0.03);
  });

  it('relative ice thickness needs the outer flank (0.32 Å⁻¹) below Nyquist', () => {
    const spectrum = { width: 64, height: 64, data: new Float32Array(64 * 64).fill(1) };
    expect(relativeIceThickness(spectrum, 1.6)).toBeNull();
    expect(relativeIceThickness(spectrum, 1.4)).toBeCloseTo(1, 6);
  });
});
