// Cross-correlation peaks at the displacement of b relative to a; power spectrum and radial average basics.
import { describe, it, expect, beforeAll } from 'vitest';
import { fft2d, initFft, crossCorrelate, findPeak, shiftImage, powerSpectrum, radialAverage, centerImage } from '../../../lib/fft/index.js';
import type { Image2D } from '../../../lib/image.js';

function blobs(w: number, h: number): Image2D {
  const img: Image2D = { width: w, height: h, data: new Float32Array(w * h) };
  const centres = [[20, 30], [70, 50], [40, 80], [100, 20]];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (const [cx, cy] of centres) img.data[y * w + x] += Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 20);
  return img;
}

beforeAll(async () => {
  await initFft();
});

describe('crossCorrelate', () => {
  it.each([
    [0, 0],
    [4.25, -3.5],
    [-10.6, 7.3],
  ])('finds b = a shifted by (%f, %f) to 0.1 px', (dx, dy) => {
    const a = blobs(128, 96);
    const b = shiftImage(a, dx, dy);
    const plan = fft2d(128, 96);
    const peak = findPeak(crossCorrelate(plan.forward(a), plan.forward(b)), { searchRadius: 20 });
    expect(Math.abs(peak.dx - dx)).toBeLessThan(0.1);
    expect(Math.abs(peak.dy - dy)).toBeLessThan(0.1);
  });

  it('with phaseOnly finds an integer shift to 0.01 px', () => {
    const a = blobs(128, 96);
    const plan = fft2d(128, 96);
    const peak = findPeak(crossCorrelate(plan.forward(a), plan.forward(shiftImage(a, 6, -9)), { phaseOnly: true }));
    expect(Math.abs(peak.dx - 6)).toBeLessThan(0.01);
    expect(Math.abs(peak.dy + 9)).toBeLessThan(0.01);
  });
});

describe('powerSpectrum', () => {
  it('puts a cosine at ±(fx, fy) around the centre, with |F|² = (w·h/2)²', () => {
    const w = 64;
    const h = 32;
    const img: Image2D = { width: w, height: h, data: new Float32Array(w * h) };
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data[y * w + x] = Math.cos(2 * Math.PI * ((-5 * x) / w + (3 * y) / h));
    const ps = powerSpectrum(fft2d(w, h).forward(img));
    const at = (fx: number, fy: number) => ps.data[(fy + h / 2) * w + fx + w / 2];
    expect(at(-5, 3) / ((w * h) / 2) ** 2).toBeCloseTo(1, 4);
    expect(at(5, -3) / ((w * h) / 2) ** 2).toBeCloseTo(1, 4);
    expect(at(5, 3)).toBeLessThan(1e-3);
    const unc = powerSpectrum(fft2d(w, h).forward(img), { centered: false });
    const c = centerImage(unc).data;
    for (let i = 0; i < c.length; i++) expect(c[i]).toBeCloseTo(ps.data[i], 6);
  });

  it('radial average of a centered ring image is flat at the ring radius', () => {
    const w = 64;
    const ring: Image2D = { width: w, height: w, data: new Float32Array(w * w) };
    for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) ring.data[y * w + x] = Math.round(Math.hypot(x - 32, y - 32)) === 10 ? 2 : 0;
    const prof = radialAverage(ring);
    expect(prof[10]).toBe(2);
    expect(prof[9]).toBe(0);
    expect(prof.length).toBe(33);
  });
});
