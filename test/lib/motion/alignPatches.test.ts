// correctedFrame: the inverse FFT of the globally shifted spectrum, bit for bit, without storing the shifted spectrum.
import { describe, expect, it } from 'vitest';
import { fft2d, initFft, shiftSpectrum } from '../../../lib/fft/index.js';
import { correctedFrame } from '../../../lib/motion/alignPatches.js';

describe('correctedFrame', () => {
  it.each([
    { w: 128, h: 96, shift: { dx: 3.7, dy: -1.25 }, scale: [2, 2] as [number, number] },
    { w: 64, h: 64, shift: { dx: 0, dy: 0 }, scale: [1, 1] as [number, number] },
    { w: 96, h: 128, shift: { dx: -10.5, dy: 6.1 }, scale: [4, 3] as [number, number] },
  ])('equals inverse(shiftSpectrum(spec, −shift/scale)) bit for bit ($w×$h, shift $shift.dx, $shift.dy)', async ({ w, h, shift, scale }) => {
    await initFft();
    const plan = fft2d(w, h);
    const img = { width: w, height: h, data: Float32Array.from({ length: w * h }, (_, i) => Math.sin(i / 7) + ((i * 7919) % 101) / 50) };
    const spec = plan.forward(img);
    const want = plan.inverse(shiftSpectrum(spec, -shift.dx / scale[0], -shift.dy / scale[1]));
    const got = correctedFrame(spec, shift, scale, { width: w, height: h, data: new Float32Array(w * h) });
    expect(Buffer.from(got.data.buffer).equals(Buffer.from(want.data.buffer))).toBe(true);
  });
});
