// readMicrograph: float32 files are read as views of the bytes, other modes through readMrc; same values either way.
import { describe, it, expect } from 'vitest';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { readMicrograph } from '../../../lib/ctf/index.js';

describe('readMicrograph', () => {
  const img = { width: 6, height: 4, data: Float32Array.from({ length: 24 }, (_, i) => i * 0.5 - 3) };
  it('reads a float32 micrograph as a view of the file bytes, with its pixel size', () => {
    const bytes = encodeMrc([img], { pixelSizeA: 1.25 });
    const r = readMicrograph(bytes, 'm.mrc');
    expect(r.pixelSizeA).toBe(1.25);
    expect([r.image.width, r.image.height]).toEqual([6, 4]);
    expect(Array.from(r.image.data)).toEqual(Array.from(img.data));
    expect(r.image.data.buffer).toBe(bytes.buffer);
  });
  it('reads an int16 micrograph through the general decoder', () => {
    const ints = { ...img, data: Float32Array.from({ length: 24 }, (_, i) => i - 10) };
    const r = readMicrograph(encodeMrc([ints], { pixelSizeA: 1, mode: 1 }), 'm.mrc');
    expect(Array.from(r.image.data)).toEqual(Array.from(ints.data));
  });
  it('names the file when the data is short', () => {
    const bytes = encodeMrc([img], { pixelSizeA: 1 }).subarray(0, 1024 + 40);
    expect(() => readMicrograph(bytes, 'short.mrc')).toThrow('short.mrc');
  });
});
