// Simulated micrographs: CTF zeros where the formula puts them, particles where truth says, dose as stated.
import { describe, it, expect } from 'vitest';
import { simulateMicrograph } from '../../../lib/synth/index.js';
import { ctfPhase } from '../../../lib/ctf/index.js';
import { fft2d, powerSpectrum, radialAverage } from '../../../lib/fft/index.js';

describe('simulateMicrograph', () => {
  it('puts the radial-average minima of the clean power spectrum at the CTF zeros χ(s) = kπ', async () => {
    const ctf = { defocusUA: 12000, voltageKv: 300, csMm: 2.7, amplitudeContrast: 0.07 };
    const w = 512;
    const apix = 1.5;
    const { clean, truth } = await simulateMicrograph({ width: w, pixelSizeA: apix, particleCount: 0, iceNoise: 0.2, ctf });
    const prof = radialAverage(powerSpectrum(fft2d(w, w).forward(clean)));
    const p = { ...truth.ctf };
    // predicted zeros: χ(s) = kπ along x, bin = s·w·apix
    const zeros: number[] = [];
    for (let b = 1; b < w / 2; b += 0.01) {
      const k0 = Math.floor(ctfPhase(p, (b - 0.01) / (w * apix), 0) / Math.PI);
      const k1 = Math.floor(ctfPhase(p, b / (w * apix), 0) / Math.PI);
      if (k1 !== k0) zeros.push(b);
    }
    expect(zeros.length).toBeGreaterThan(5);
    // the first 5 zeros: the profile has a local minimum within ±1 bin of each
    for (const z of zeros.slice(0, 5)) {
      const c = Math.round(z);
      let m = c;
      for (let b = c - 2; b <= c + 2; b++) if (prof[b] < prof[m]) m = b;
      expect(Math.abs(m - z)).toBeLessThanOrEqual(1.01);
      expect(prof[m]).toBeLessThan(0.2 * Math.max(prof[c - 6], prof[c + 6]));
    }
  });

  it('puts particles at the truth centres (dark blobs of a pure amplitude-contrast image, orientation check)', async () => {
    const w = 256;
    const { clean, truth } = await simulateMicrograph({ width: w, pixelSizeA: 2, particleDiameterA: 50, iceNoise: 0, ctf: { defocusUA: 0, amplitudeContrast: 1 }, seed: 5 });
    const centres = truth.particles.centres;
    expect(centres.length).toBeGreaterThan(5);
    const d = 25;
    for (const c of centres) {
      // darkest pixel within one radius of the centre is within 0.25·d of it
      let best = Infinity;
      let bx = 0;
      let by = 0;
      for (let y = Math.round(c.y - d / 2); y <= Math.round(c.y + d / 2); y++) {
        for (let x = Math.round(c.x - d / 2); x <= Math.round(c.x + d / 2); x++) {
          const v = clean.data[y * w + x];
          if (v < best) [best, bx, by] = [v, x, y];
        }
      }
      expect(Math.hypot(bx - c.x, by - c.y)).toBeLessThan(0.25 * d);
      expect(best).toBeLessThan(0.9);
      // and the y-mirrored position is NOT a particle unless another centre is near it
      const my = w - 1 - c.y;
      const near = centres.some((o) => Math.hypot(o.x - c.x, o.y - my) < d);
      if (!near) expect(clean.data[Math.round(my) * w + Math.round(c.x)]).toBeGreaterThan(0.97);
    }
  });

  it('has mean counts = total dose·apix² and is the clean image plus Poisson noise', async () => {
    const { image, clean } = await simulateMicrograph({ width: 256, pixelSizeA: 1.2, totalDose: 40, seed: 2 });
    const lambda = 40 * 1.44;
    let s = 0;
    let r = 0;
    for (let i = 0; i < image.data.length; i++) {
      s += image.data[i];
      r += (image.data[i] - lambda * clean.data[i]) ** 2 / (lambda * clean.data[i]);
    }
    expect(Math.abs(s / image.data.length - lambda)).toBeLessThan(4 * Math.sqrt(lambda / image.data.length) + 0.005 * lambda);
    expect(r / image.data.length).toBeCloseTo(1, 1);
  });
});
