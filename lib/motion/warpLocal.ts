// Undoes a local motion field on one frame by bilinear resampling (as RELION's own sum does).
import type { Image2D } from '../image.js';
import { localShift } from './localModel.js';

export interface WarpLocalOptions {
  /** Input-movie size the model is normalised to. */
  width: number;
  height: number;
  /** Input pixels per image pixel (binning). @default 1 */
  pixelScale?: number;
  /** A uniform displacement added to the field (the frame's global shift), input pixels. @default none */
  offset?: { dx: number; dy: number };
}

/**
 * corrected(x, y) = frame(x + Lx, y + Ly): content displaced by +L is moved back. L is the model at the
 * input-movie position of (x, y), evaluated on a coarse grid every 16 pixels and interpolated bilinearly
 * (the field is a low-order polynomial); circular edges like the Fourier shift.
 */
export function warpLocal(img: Image2D, model: { coeffX: number[]; coeffY: number[] }, z: number, options: WarpLocalOptions): Image2D {
  const { width: w, height: h, data } = img;
  const k = options.pixelScale ?? 1;
  const step = 16;
  const gw = Math.ceil(w / step) + 1;
  const gh = Math.ceil(h / step) + 1;
  const fx = new Float32Array(gw * gh);
  const fy = new Float32Array(gw * gh);
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      const d = localShift(model, z, i * step * k, j * step * k, options.width, options.height);
      fx[j * gw + i] = (d.dx + (options.offset?.dx ?? 0)) / k;
      fy[j * gw + i] = (d.dy + (options.offset?.dy ?? 0)) / k;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const gj = Math.min(gh - 2, Math.floor(y / step));
    const ty = y / step - gj;
    for (let x = 0; x < w; x++) {
      const gi = Math.min(gw - 2, Math.floor(x / step));
      const tx = x / step - gi;
      const g = gj * gw + gi;
      const lx = (1 - ty) * ((1 - tx) * fx[g] + tx * fx[g + 1]) + ty * ((1 - tx) * fx[g + gw] + tx * fx[g + gw + 1]);
      const ly = (1 - ty) * ((1 - tx) * fy[g] + tx * fy[g + 1]) + ty * ((1 - tx) * fy[g + gw] + tx * fy[g + gw + 1]);
      const sx = x + lx;
      const sy = y + ly;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const ax = sx - x0;
      const ay = sy - y0;
      // Displacements are far below the image size, so one conditional wrap replaces the modulo.
      const xa = x0 < 0 ? x0 + w : x0 >= w ? x0 - w : x0;
      const xb = xa + 1 === w ? 0 : xa + 1;
      const yr = y0 < 0 ? y0 + h : y0 >= h ? y0 - h : y0;
      const ya = yr * w;
      const yb = (yr + 1 === h ? 0 : yr + 1) * w;
      out[y * w + x] = (1 - ay) * ((1 - ax) * data[ya + xa] + ax * data[ya + xb]) + ay * ((1 - ax) * data[yb + xa] + ax * data[yb + xb]);
    }
  }
  return { width: w, height: h, data: out };
}
