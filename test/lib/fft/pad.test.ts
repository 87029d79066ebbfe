// Padding to a valid FFT size keeps pixels at the origin; cropping undoes it.
import { describe, it, expect } from 'vitest';
import { padImage, padToFftSize, cropImage, nextFftSize, isFftSize } from '../../../lib/fft/index.js';

describe('nextFftSize / isFftSize', () => {
  it.each([
    [4092, 4096],
    [3838, 3840],
    [5760, 5760],
    [100, 128],
    [1, 32],
    [481, 500 + 12],
  ])('nextFftSize(%i) = %i', (n, want) => {
    expect(nextFftSize(n)).toBe(want);
    expect(isFftSize(want)).toBe(true);
  });

  it('rejects sizes with other prime factors or not multiple of 32', () => {
    expect([224, 4092, 48, 0, 33.5].map(isFftSize)).toEqual([false, false, false, false, false]);
    expect([32, 96, 160, 480, 4096, 11520].map(isFftSize)).toEqual([true, true, true, true, true, true]);
  });
});

describe('padImage / cropImage', () => {
  const img = { width: 3, height: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6]) };

  it('pads with the mean at the far edges and crops back', () => {
    const p = padImage(img, 4, 3);
    expect(Array.from(p.data)).toEqual([1, 2, 3, 3.5, 4, 5, 6, 3.5, 3.5, 3.5, 3.5, 3.5]);
    expect(cropImage(p, 3, 2).data).toEqual(img.data);
    expect(Array.from(padImage(img, 4, 2, { fill: 'zero' }).data)).toEqual([1, 2, 3, 0, 4, 5, 6, 0]);
  });

  it('padToFftSize takes 4092×4096 to 4096×4096', () => {
    const k3 = { width: 4092, height: 4096, data: new Float32Array(4092 * 4096) };
    const p = padToFftSize(k3);
    expect([p.width, p.height]).toEqual([4096, 4096]);
  });

  it('rejects a crop outside the image', () => {
    expect(() => cropImage(img, 3, 2, 1, 0)).toThrow('cropImage: region 3×2 at (1, 0) is outside the image 3×2');
  });
});
