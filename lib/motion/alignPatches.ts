// Patch tracks: after global alignment, each tile of the frames is aligned on its own (residual local motion).
import type { Spectrum2D } from '../fft/index.js';
import { fft2d, nextFftSize, shiftSpectrum } from '../fft/index.js';
import type { Image2D } from '../image.js';
import { alignSpectra } from './alignGlobal.js';
import type { Shift } from './alignGlobal.js';

export interface LocalTrack {
  /** Patch centre in input-movie pixels. */
  x: number;
  y: number;
  /** Residual content displacement of frame i relative to frame 0 after global correction, input pixels. */
  shifts: Shift[];
}

export interface AlignPatchesOptions {
  /** Patch grid [x, y]. */
  patches: [number, number];
  /** Global shifts to remove first, input pixels. */
  global: Shift[];
  /** Input pixels per working pixel, x and y. */
  scale: [number, number];
  /** Input-movie size (patch centres are placed on it, not on the padding). */
  width: number;
  height: number;
  /** B-factor of the patch alignment (reference §1.1: MC3 local default 100, RELION 150). @default 150 */
  bfactor?: number;
  /** Largest residual shift searched, input pixels. @default 12 */
  maxShift?: number;
}

/** The globally corrected working-size frames in real space (what the patch tiles are cut from). */
export function correctedFrames(frames: Spectrum2D[], global: Shift[], scale: [number, number], alloc?: (n: number) => Float32Array): Image2D[] {
  const { width: w, height: h } = frames[0];
  const plan = fft2d(w, h);
  return frames.map((f, i) => plan.inverse(shiftSpectrum(f, -global[i].dx / scale[0], -global[i].dy / scale[1]), alloc ? { width: w, height: h, data: alloc(w * h) } : undefined));
}

/** Track of patch (i, j) of the grid: tile of FFT size ≥ the pitch around its centre, aligned with alignSpectra. */
export function patchTrack(real: Image2D[], i: number, j: number, options: Omit<AlignPatchesOptions, 'global'>): LocalTrack {
  const { width: w, height: h } = real[0];
  const [px, py] = options.patches;
  const [sx, sy] = options.scale;
  const tw = Math.min(w, nextFftSize(Math.ceil(options.width / sx / px)));
  const th = Math.min(h, nextFftSize(Math.ceil(options.height / sy / py)));
  const tplan = fft2d(tw, th);
  const tile: Image2D = { width: tw, height: th, data: new Float32Array(tw * th) };
  const cx = ((i + 0.5) * options.width) / px;
  const cy = ((j + 0.5) * options.height) / py;
  const x0 = Math.round(cx / sx - tw / 2);
  const y0 = Math.round(cy / sy - th / 2);
  const spectra = real.map((img) => {
    for (let y = 0; y < th; y++) {
      const row = (((y0 + y) % h) + h) % h;
      for (let x = 0; x < tw; x++) tile.data[y * tw + x] = img.data[row * w + ((((x0 + x) % w) + w) % w)];
    }
    return tplan.forward(tile);
  });
  // RELION's --max_iter default (5) and a 0.1 px tolerance: the polynomial fit averages the remaining noise.
  const r = alignSpectra(spectra, { bfactor: options.bfactor ?? 150, scale: [sx, sy], maxShift: options.maxShift ?? 12, refineShift: 2, maxIterations: 5, tolerance: 0.1 });
  return { x: cx, y: cy, shifts: r.shifts };
}

/**
 * Globally corrects the working-size spectra, returns them to real space, cuts a tile of FFT size ≥ the
 * patch pitch around each patch centre (circular at the edges, as the phase-shifted frames are), and
 * aligns each tile stack with alignSpectra (frame against the sum of the others). Needs initFft().
 */
export function alignPatches(frames: Spectrum2D[], options: AlignPatchesOptions): LocalTrack[] {
  const real = correctedFrames(frames, options.global, options.scale);
  const tracks: LocalTrack[] = [];
  for (let j = 0; j < options.patches[1]; j++) for (let i = 0; i < options.patches[0]; i++) tracks.push(patchTrack(real, i, j, options));
  return tracks;
}
