// Phase-ramp shifts: integer shifts equal a circular roll; fractional shifts compose and move content by +d.
import { describe, it, expect, beforeAll } from 'vitest';
import { fft2d, initFft, shiftImage, shiftSpectrum } from '../../../lib/fft/index.js';
import type { Image2D } from '../../../lib/image.js';

function randomImage(w: number, h: number): Image2D {
  let s = 12345;
  const data = new Float32Array(w * h).map(() => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  });
  return { width: w, height: h, data };
}

/** numpy.roll(img, (dy, dx), axis=(0, 1)): out(x, y) = in(x − dx, y − dy). */
function roll(img: Image2D, dx: number, dy: number): Float32Array {
  const { width: w, height: h } = img;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[((y + dy + h) % h) * w + ((x + dx + w) % w)] = img.data[y * w + x];
  return out;
}

beforeAll(async () => {
  await initFft();
});

describe('shiftImage', () => {
  it.each([
    [3, 0],
    [0, -7],
    [5, 11],
    [-17, 2],
  ])('by integer (%i, %i) equals a circular roll', (dx, dy) => {
    const img = randomImage(64, 96);
    const out = shiftImage(img, dx, dy);
    const ref = roll(img, dx, dy);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(out.data[i] - ref[i])).toBeLessThan(1e-5);
  });

  it('moves a band-limited blob by a fractional (+2.3, −1.6) and back', () => {
    const w = 64;
    const img: Image2D = { width: w, height: w, data: new Float32Array(w * w) };
    for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) img.data[y * w + x] = Math.exp(-((x - 30) ** 2 + (y - 33) ** 2) / 18);
    const moved = shiftImage(img, 2.3, -1.6);
    let sx = 0;
    let sy = 0;
    let s = 0;
    for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) { const v = moved.data[y * w + x]; sx += v * x; sy += v * y; s += v; }
    expect(sx / s).toBeCloseTo(32.3, 3);
    expect(sy / s).toBeCloseTo(31.4, 3);
    const plan = fft2d(w, w);
    const spec = plan.forward(moved);
    const back = plan.inverse(shiftSpectrum(spec, -2.3, 1.6, { out: spec }));
    for (let i = 0; i < back.data.length; i++) expect(Math.abs(back.data[i] - img.data[i])).toBeLessThan(1e-4);
  });
});
