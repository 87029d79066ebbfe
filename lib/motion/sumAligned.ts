// The full-resolution aligned sums (plain and dose-weighted), streamed frame by frame with Fourier phase shifts.
import type { Image2D } from '../image.js';
import { cropImage, fft2d, fourierCrop, shiftSpectrum } from '../fft/index.js';
import type { Spectrum2D } from '../fft/index.js';
import { DoseWeighter } from './doseWeight.js';
import type { Shift } from './alignGlobal.js';

export interface SumAlignedOptions {
  /** Output (binned) FFT size; the padded input size means no binning. */
  outWidth: number;
  outHeight: number;
  /** Size of the output images after removing padding. */
  cropWidth: number;
  cropHeight: number;
  /** Å per OUTPUT pixel (for dose weighting). */
  pixelSizeA: number;
  dosePerFrame: number;
  /** @default 0 */
  preExposure?: number;
  /** @default 300 */
  voltageKv?: number;
  /** Frame i → the shift (input pixels) to undo at output pixel (x, y); global when it ignores x, y. */
  shifts: Shift[];
  /**
   * Optional real-space correction of frame i at the input (padded) resolution that includes the global shift
   * (global + local motion in one bilinear resampling, as RELION's own sum); replaces the phase shift.
   */
  local?: (frame: Image2D, index: number) => Image2D;
  /** Called after each frame. @default none */
  onFrame?: (index: number) => void;
}

/**
 * Reads every frame once more (nothing but three spectra is held), Fourier-crops it to the output size
 * (binning), moves it by −shift as a phase ramp and accumulates the plain sum and the dose-weighted
 * sum (DoseWeighter). Needs initFft().
 */
export async function sumAligned(read: (i: number) => Promise<Image2D>, options: SumAlignedOptions): Promise<{ noDw: Image2D; dw: Image2D }> {
  const { outWidth: ow, outHeight: oh } = options;
  const plain: Spectrum2D = { width: ow, height: oh, data: new Float32Array(2 * ((ow >> 1) + 1) * oh) };
  const dw = new DoseWeighter(ow, oh, { pixelSizeA: options.pixelSizeA, dosePerFrame: options.dosePerFrame, preExposure: options.preExposure, voltageKv: options.voltageKv });
  const outPlan = fft2d(ow, oh);
  for (let i = 0; i < options.shifts.length; i++) {
    const raw = await read(i);
    const img = options.local ? options.local(raw, i) : raw;
    const spec = frameSpectrum(img, ow, oh, options.local ? null : options.shifts[i]);
    for (let j = 0; j < spec.data.length; j++) plain.data[j] += spec.data[j];
    dw.add(spec);
    options.onFrame?.(i);
  }
  const crop = (s: Spectrum2D): Image2D => cropImage(outPlan.inverse(s), options.cropWidth, options.cropHeight);
  return { noDw: crop(plain), dw: crop(dw.finish()) };
}

/** One frame's spectrum at the output size, moved by −shift (none when the frame is already warped); the full-size transform goes into `scratch` when given. */
export function frameSpectrum(img: Image2D, ow: number, oh: number, shift: Shift | null, scratch?: Spectrum2D): Spectrum2D {
  let spec = fft2d(img.width, img.height).forward(img, scratch);
  if (ow !== img.width || oh !== img.height) spec = fourierCrop(spec, ow, oh);
  if (shift) shiftSpectrum(spec, (-shift.dx * ow) / img.width, (-shift.dy * oh) / img.height, { out: spec });
  return spec;
}
