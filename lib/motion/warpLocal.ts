// Undoes a local motion field on one frame by bilinear resampling (as RELION's own sum does).
import { InvalidInputError } from '../errors.js';
import type { Image2D } from '../image.js';

export interface WarpLocalOptions {
  /** Input-movie size the model is normalised to. */
  width: number;
  height: number;
  /** Input pixels per image pixel (binning). @default 1 */
  pixelScale?: number;
  /** A uniform displacement added to the field (the frame's global shift), input pixels. @default none */
  offset?: { dx: number; dy: number };
  /** Where to write (width·height values, not the input's memory), e.g. a buffer reused frame after frame. @default a new array */
  out?: Float32Array;
}

/** Grid pitch of the evaluated field, image pixels (a power of two: x >> 4 is the cell, x & 15 the offset in it). */
const STEP = 16;
const LOG_STEP = 4;

/**
 * corrected(x, y) = frame(x + Lx, y + Ly): content displaced by +L is moved back. L is the model at the
 * input-movie position of (x, y), evaluated on a coarse grid every 16 pixels and interpolated bilinearly
 * (the field is a low-order polynomial); circular edges like the Fourier shift.
 */
export function warpLocal(img: Image2D, model: { coeffX: number[]; coeffY: number[] }, z: number, options: WarpLocalOptions): Image2D {
  const { width: w, height: h, data } = img;
  const out = outputFor(img, options.out);
  const grid = fieldGrid(w, h, model, z, options);
  const { gw, fx, fy } = grid;
  // Bilinear weights are a convex combination, so the grid's extremes bound every pixel's displacement.
  if (!(grid.maxAbsX < w && grid.maxAbsY < h)) {
    throw new InvalidInputError(`warpLocal: frame ${z} displacement up to ${Math.max(grid.maxAbsX, grid.maxAbsY).toFixed(1)} px does not fit a ${w}×${h} image`);
  }
  // Per row the field is linear between grid columns: row values at the columns, then constant steps per pixel.
  const rx = new Float64Array(gw);
  const ry = new Float64Array(gw);
  for (let y = 0; y < h; y++) {
    const gj = y >> LOG_STEP;
    const ty = (y & (STEP - 1)) / STEP;
    const g0 = gj * gw;
    const g1 = g0 + gw;
    for (let i = 0; i < gw; i++) {
      rx[i] = (1 - ty) * fx[g0 + i] + ty * fx[g1 + i];
      ry[i] = (1 - ty) * fy[g0 + i] + ty * fy[g1 + i];
    }
    warpRow(data, out, w, h, y, rx, ry);
  }
  return { width: w, height: h, data: out };
}

/** One output row from the field's values at the grid columns of that row (rx, ry: image pixels). */
function warpRow(data: Float32Array, out: Float32Array, w: number, h: number, y: number, rx: Float64Array, ry: Float64Array): void {
  const yw = y * w;
  for (let x0 = 0, gi = 0; x0 < w; x0 += STEP, gi++) {
    const lx = rx[gi];
    const ly = ry[gi];
    const dlx = (rx[gi + 1] - lx) * (1 / STEP);
    const dly = (ry[gi + 1] - ly) * (1 / STEP);
    const n = Math.min(w, x0 + STEP) - x0;
    // The field moves far less than a pixel over 16 pixels: mostly one integer source offset per segment,
    // where the four source pixels are at p, p + 1, p + w, p + w + 1 with p advancing by one.
    const ix = Math.floor(lx);
    const iy = Math.floor(ly);
    const sameCell = ix === Math.floor(lx + (n - 1) * dlx) && iy === Math.floor(ly + (n - 1) * dly);
    if (!(sameCell && x0 + ix >= 0 && x0 + n + ix < w && y + iy >= 0 && y + iy + 1 < h)) {
      warpPixels(data, out, w, h, x0, y, n, lx, dlx, ly, dly);
      continue;
    }
    let p = (y + iy) * w + x0 + ix;
    let ax = lx - ix;
    let ay = ly - iy;
    // The right-hand pair of one pixel is the left-hand pair of the next: two loads per pixel instead of four.
    let a = data[p];
    let c = data[p + w];
    for (let o = yw + x0, e = o + n; o < e; o++, ax += dlx, ay += dly) {
      p++;
      const b = data[p];
      const d = data[p + w];
      const top = a + ax * (b - a);
      const bottom = c + ax * (d - c);
      out[o] = top + ay * (bottom - top);
      a = b;
      c = d;
    }
  }
}

/** The general case (a segment crossing a source pixel edge or the image border): per-pixel source cell with circular wrap. */
function warpPixels(data: Float32Array, out: Float32Array, w: number, h: number, x0: number, y: number, n: number, lx: number, dlx: number, ly: number, dly: number): void {
  const o = y * w;
  for (let x = x0; x < x0 + n; x++, lx += dlx, ly += dly) {
    const sx = x + lx;
    const sy = y + ly;
    const xf = Math.floor(sx);
    const yf = Math.floor(sy);
    const ax = sx - xf;
    const ay = sy - yf;
    // |L| < size (checked on the grid), so one conditional wrap replaces the modulo.
    const xa = xf < 0 ? xf + w : xf >= w ? xf - w : xf;
    const xb = xa + 1 === w ? 0 : xa + 1;
    const yr = yf < 0 ? yf + h : yf >= h ? yf - h : yf;
    const ya = yr * w;
    const yb = yr + 1 === h ? 0 : ya + w;
    const top = data[ya + xa] + ax * (data[ya + xb] - data[ya + xa]);
    const bottom = data[yb + xa] + ax * (data[yb + xb] - data[yb + xa]);
    out[o + x] = top + ay * (bottom - top);
  }
}

/** The output array: the caller's (checked) or a new one. */
function outputFor(img: Image2D, out: Float32Array | undefined): Float32Array {
  const n = img.width * img.height;
  if (!out) return new Float32Array(n);
  if (out.length !== n) throw new InvalidInputError(`warpLocal: out has ${out.length} values, expected ${img.width}×${img.height} = ${n}`);
  const a = img.data;
  const overlaps = out.buffer === a.buffer && out.byteOffset < a.byteOffset + a.byteLength && a.byteOffset < out.byteOffset + out.byteLength;
  if (overlaps) throw new InvalidInputError('warpLocal: out must not share memory with the input image');
  return out;
}

/**
 * The field (plus offset) in image pixels at every 16th image pixel, one grid column/row past the edge.
 * The polynomial of frame z is collapsed to six spatial terms first (RELION's basis, see localBasis).
 */
function fieldGrid(w: number, h: number, model: { coeffX: number[]; coeffY: number[] }, z: number, options: WarpLocalOptions): { gw: number; fx: Float64Array; fy: Float64Array; maxAbsX: number; maxAbsY: number } {
  const k = options.pixelScale ?? 1;
  const gw = Math.ceil(w / STEP) + 1;
  const gh = Math.ceil(h / STEP) + 1;
  const zp = [z, z * z, z * z * z];
  const cx = [0, 0, 0, 0, 0, 0];
  const cy = [0, 0, 0, 0, 0, 0];
  for (let t = 0; t < 6; t++) {
    for (let p = 0; p < 3; p++) {
      cx[t] += model.coeffX[3 * t + p] * zp[p];
      cy[t] += model.coeffY[3 * t + p] * zp[p];
    }
  }
  const ox = options.offset?.dx ?? 0;
  const oy = options.offset?.dy ?? 0;
  const fx = new Float64Array(gw * gh);
  const fy = new Float64Array(gw * gh);
  let maxAbsX = 0;
  let maxAbsY = 0;
  for (let j = 0; j < gh; j++) {
    const v = (j * STEP * k) / options.height - 0.5;
    for (let i = 0; i < gw; i++) {
      const u = (i * STEP * k) / options.width - 0.5;
      const terms = [1, u, u * u, v, v * v, u * v];
      let dx = 0;
      let dy = 0;
      for (let t = 0; t < 6; t++) { dx += cx[t] * terms[t]; dy += cy[t] * terms[t]; }
      fx[j * gw + i] = (dx + ox) / k;
      fy[j * gw + i] = (dy + oy) / k;
      maxAbsX = Math.max(maxAbsX, Math.abs(fx[j * gw + i]));
      maxAbsY = Math.max(maxAbsY, Math.abs(fy[j * gw + i]));
    }
  }
  return { gw, fx, fy, maxAbsX, maxAbsY };
}
