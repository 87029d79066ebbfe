// The CTF follows CTFFIND's formula and conventions (reference §3.5).
import { describe, it, expect } from 'vitest';
import { ctfValue, ctfPhase, defocusAt, electronWavelengthA } from '../../../lib/ctf/index.js';
import type { CtfParams } from '../../../lib/ctf/index.js';

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
});
