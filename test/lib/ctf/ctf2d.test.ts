// The CTF follows CTFFIND's formula and conventions (reference §3.5).
import { describe, it, expect } from 'vitest';
import { ctfValue, ctfPhase, defocusAt, electronWavelengthA } from '../../../lib/ctf/index.js';
import type { CtfParams } from '../../../lib/ctf/index.js';
import { directCtf, wavelengthA } from './directCtf.js';

const base: CtfParams = { defocusUA: 20000, defocusVA: 15000, astigmatismAngleDeg: 30, voltageKv: 300, csMm: 2.7, amplitudeContrast: 0.07 };

describe('ctf2d', () => {
  it('electron wavelength at 300/200 kV is 0.019687/0.025079 Å', () => {
    expect(electronWavelengthA(300)).toBeCloseTo(0.019687, 6);
    expect(electronWavelengthA(200)).toBeCloseTo(0.025079, 6);
  });

  it('defocus is Δf₁ along the astigmatism azimuth and Δf₂ perpendicular to it', () => {
    expect(defocusAt(base, (30 * Math.PI) / 180)).toBeCloseTo(20000, 6);
    expect(defocusAt(base, (120 * Math.PI) / 180)).toBeCloseTo(15000, 6);
    expect(defocusAt(base, (75 * Math.PI) / 180)).toBeCloseTo(17500, 6);
  });

  it('equals −sin χ with χ = πλs²(Δf − ½λ²s²Cs) + atan(A/√(1−A²)), hand-computed', () => {
    const s = 0.1;
    const phi = (30 * Math.PI) / 180; // along U: Δf = 20000
    const lambda = electronWavelengthA(300);
    const chi = Math.PI * lambda * s * s * (20000 - 0.5 * lambda * lambda * s * s * 2.7e7) + Math.atan(0.07 / Math.sqrt(1 - 0.07 ** 2));
    expect(ctfPhase(base, s * Math.cos(phi), s * Math.sin(phi))).toBeCloseTo(chi, 9);
    expect(ctfValue(base, s * Math.cos(phi), s * Math.sin(phi))).toBeCloseTo(-Math.sin(chi), 9);
    expect(ctfValue(base, 0, 0)).toBeCloseTo(-0.07, 9);
  });

  it('adds the phase shift and the B-factor envelope exp(−B s²/4)', () => {
    const p = { ...base, phaseShiftRad: Math.PI / 2, bFactorA2: 100 };
    const chi = ctfPhase(base, 0.05, 0) + Math.PI / 2;
    expect(ctfValue(p, 0.05, 0)).toBeCloseTo(-Math.sin(chi) * Math.exp((-100 * 0.0025) / 4), 9);
  });

  it('agrees with the direct formula of directCtf.ts (CODATA wavelength, rotated U/V frame, asin(A)) everywhere', () => {
    expect(wavelengthA(300)).toBeCloseTo(0.019687, 6);
    let seed = 7;
    const r = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    for (let i = 0; i < 200; i++) {
      const p: CtfParams = { defocusUA: 3000 + 47000 * r(), defocusVA: 3000 + 47000 * r(), astigmatismAngleDeg: 180 * r() - 90, voltageKv: [200, 300][i % 2], csMm: 2.7, amplitudeContrast: 0.1 * r(), phaseShiftRad: r() };
      const sx = 0.4 * r() - 0.2;
      const sy = 0.4 * r() - 0.2;
      const d = { df1A: p.defocusUA, df2A: p.defocusVA, angleDeg: p.astigmatismAngleDeg, kv: p.voltageKv, csMm: p.csMm, ampContrast: p.amplitudeContrast, phaseRad: p.phaseShiftRad };
      // cisTEM's 12.2639/√(V + 0.97845e−6·V²) is 2.7e−5 shorter than the CODATA wavelength: ≤ 0.01 rad of χ ≤ 350 rad here.
      // A sign, axis or angle-convention error would differ by O(1).
      expect(Math.abs(ctfValue(p, sx, sy) - directCtf(d, sx, sy))).toBeLessThan(0.015);
    }
  });
});
