// forwardCrop is fourierCrop(forward(img)) bit for bit, for crops on either axis, both, or none.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSpectrum, fft2d, fourierCrop, initFft } from '../../../lib/fft/index.js';
import type { Image2D } from '../../../lib/image.js';

beforeAll(async () => {
  await initFft();
});

function image(w: number, h: number): Image2D {
  const data = new Float32Array(w * h);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s / 2 ** 32) * 10 + Math.sin(i / 17);
  }
  return { width: w, height: h, data };
}

describe('forwardCrop', () => {
  it.each([[128, 96, 64, 32], [128, 96, 128, 32], [128, 96, 64, 96], [128, 96, 128, 96], [160, 96, 96, 64]])('%i×%i → %i×%i equals fourierCrop(forward)', (w, h, ow, oh) => {
    const img = image(w, h);
    const plan = fft2d(w, h);
    const expected = fourierCrop(plan.forward(img), ow, oh);
    const out = createSpectrum(ow, oh);
    out.data.fill(7); // stale contents must not leak into the result
    plan.forwardCrop((dst) => dst.set(img.data), out);
    expect(Buffer.from(out.data.buffer).equals(Buffer.from(expected.data.buffer))).toBe(true);
  });

  it('refuses a target larger than the transform', () => {
    expect(() => fft2d(32, 32).forwardCrop(() => undefined, createSpectrum(64, 32))).toThrow(/larger than the transform 32×32/);
  });
});
