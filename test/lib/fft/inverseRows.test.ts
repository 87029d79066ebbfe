// inverseRows / inverseRowsFrom are inverse() bit for bit on the rows they compute, and leave the other rows alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { fft2d, initFft } from '../../../lib/fft/index.js';
import type { Image2D } from '../../../lib/image.js';

beforeAll(async () => {
  await initFft();
});

function image(w: number, h: number): Image2D {
  const data = new Float32Array(w * h);
  let s = 4242;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s / 2 ** 32) * 10 + Math.cos(i / 13);
  }
  return { width: w, height: h, data };
}

const bits = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('inverseRows', () => {
  it.each([
    { w: 128, h: 96, rows: [0, 1, 2, 3, 93, 94, 95] },
    { w: 160, h: 64, rows: [63, 5, 0, 32] },
    { w: 64, h: 64, rows: Array.from({ length: 64 }, (_, y) => y) },
    { w: 256, h: 128, rows: [7] },
  ])('$w×$h, rows $rows: equal to inverse() there, other rows untouched', ({ w, h, rows }) => {
    const plan = fft2d(w, h);
    const spec = plan.forward(image(w, h));
    const full = plan.inverse(spec);
    const out = { width: w, height: h, data: new Float32Array(w * h).fill(7) };
    plan.inverseRows(spec, Int32Array.from(rows), out);
    for (let y = 0; y < h; y++) {
      const got = out.data.subarray(y * w, (y + 1) * w);
      if (rows.includes(y)) expect(bits(got).equals(bits(full.data.subarray(y * w, (y + 1) * w)))).toBe(true);
      else expect(got.every((v) => v === 7)).toBe(true);
    }
  });

  it('inverseRowsFrom transforms the columns its fill writes (here twice the spectrum), bit for bit', () => {
    const [w, h] = [96, 64];
    const plan = fft2d(w, h);
    const spec = plan.forward(image(w, h));
    const doubled = { width: w, height: h, data: spec.data.map((v) => 2 * v) };
    const full = plan.inverse(doubled);
    const rows = [0, 1, 2, 62, 63];
    const half = w / 2 + 1;
    const out = { width: w, height: h, data: new Float32Array(w * h) };
    const seen: number[] = [];
    plan.inverseRowsFrom((kx0, nb, H, off) => {
      seen.push(kx0, nb);
      for (let c = 0; c < nb; c++) for (let ky = 0; ky < h; ky++) {
        H[off + c * 2 * h + 2 * ky] = doubled.data[2 * (ky * half + kx0 + c)];
        H[off + c * 2 * h + 2 * ky + 1] = doubled.data[2 * (ky * half + kx0 + c) + 1];
      }
    }, rows, out);
    expect(seen.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b)).toBe(half);
    for (const y of rows) expect(bits(out.data.subarray(y * w, (y + 1) * w)).equals(bits(full.data.subarray(y * w, (y + 1) * w)))).toBe(true);
  });

  it('does not change the spectrum', () => {
    const plan = fft2d(64, 32);
    const spec = plan.forward(image(64, 32));
    const before = spec.data.slice();
    plan.inverseRows(spec, [0, 1, 31], { width: 64, height: 32, data: new Float32Array(64 * 32) });
    expect(bits(spec.data).equals(bits(before))).toBe(true);
  });

  it.each([
    { rows: [0, 32], message: 'inverseRows: row 1 must be an integer in 0..31, got 32' },
    { rows: [-1], message: 'inverseRows: row 0 must be an integer in 0..31, got -1' },
    { rows: [0.5], message: 'inverseRows: row 0 must be an integer in 0..31, got 0.5' },
    { rows: Array.from({ length: 33 }, () => 0), message: 'inverseRows: at most 32 rows, got 33' },
  ])('rejects rows $rows', ({ rows, message }) => {
    const plan = fft2d(64, 32);
    const spec = plan.forward(image(64, 32));
    expect(() => plan.inverseRows(spec, rows, { width: 64, height: 32, data: new Float32Array(64 * 32) })).toThrow(message);
  });

  it('rejects an output of another size', () => {
    const plan = fft2d(64, 32);
    const spec = plan.forward(image(64, 32));
    expect(() => plan.inverseRows(spec, [0], { width: 32, height: 32, data: new Float32Array(32 * 32) })).toThrow('inverse FFT output image: expected 64×32 (2048 values), got 32×32 (1024 values)');
  });
});
