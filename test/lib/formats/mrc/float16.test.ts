// Half-precision conversion: hand-computed bit patterns, rounding to nearest even, and an exhaustive round trip.
import { describe, expect, it } from 'vitest';
import { floatToHalfBits, halfToFloat } from '../../../../lib/formats/mrc/float16.js';

describe('floatToHalfBits', () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66], // 0.0999755859375
    [65504, 0x7bff], // largest finite half
    [65520, 0x7c00], // rounds up to Inf
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -14, 0x0400], // smallest normal
    [1e-8, 0x0000], // underflows to zero
    [-0, 0x8000],
    [Infinity, 0x7c00],
    [1 + 2 ** -11, 0x3c00], // tie: rounds to even (down)
    [1 + 3 * 2 ** -11, 0x3c02], // tie: rounds to even (up)
    [3 * 2 ** -25, 0x0002], // subnormal tie 1.5 ulp: rounds to even (up)
  ])('%s → bit pattern %i', (value, bits) => {
    expect(floatToHalfBits(value)).toBe(bits);
  });

  it('maps NaN to a NaN pattern', () => {
    const h = floatToHalfBits(NaN);
    expect(h & 0x7c00).toBe(0x7c00);
    expect(h & 0x03ff).not.toBe(0);
  });
});

describe('halfToFloat', () => {
  it('decodes hand-picked patterns', () => {
    expect(Array.from(halfToFloat(new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0xfc00])))).toEqual([1, -2, 65504, 2 ** -24, Infinity, -Infinity]);
    expect(halfToFloat(new Uint16Array([0x7e00]))[0]).toBeNaN();
  });

  it('round-trips every non-NaN half value exactly', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const floats = halfToFloat(all);
    let mismatches = 0;
    for (let h = 0; h < 65536; h++) {
      if (Number.isNaN(floats[h])) continue;
      if (floatToHalfBits(floats[h]) !== h) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
