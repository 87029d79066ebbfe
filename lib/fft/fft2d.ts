// 2-D real-to-complex / complex-to-real FFT plans on PFFFT: real row transforms, blocked complex column transforms.
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { assertFftSize } from './sizes.js';
import { createSpectrum, spectrumColumns } from './spectrum.js';
import type { Spectrum2D } from './spectrum.js';
import { initFft, pffft, scratch, setupFor, PFFFT_BACKWARD, PFFFT_COMPLEX, PFFFT_FORWARD, PFFFT_REAL } from './wasm.js';

/** Columns gathered per block in the column pass (cache-friendly strided access). */
const BLOCK = 8;
/** Columns per block handed to a forwardColumns sink: wider blocks use whole cache lines of row-major consumers. */
const SINK_BLOCK = 8;

/**
 * A 2-D FFT of one size. Synchronous; not re-entrant across sizes within a call (single-threaded JS
 * makes that moot). Layout and normalisation: see Spectrum2D (forward unnormalised, inverse ÷ width·height).
 */
export interface Fft2d {
  readonly width: number;
  readonly height: number;
  /** Real image → half-plane spectrum (into `out` when given, else a new one). */
  forward(img: Image2D, out?: Spectrum2D): Spectrum2D;
  /** Half-plane spectrum → real image (into `out` when given). Imaginary parts of the kx = 0 and width/2 columns' self-conjugate terms are ignored. */
  inverse(spec: Spectrum2D, out?: Image2D): Image2D;
  /**
   * fourierCrop(forward(img), out.width, out.height) into `out`, bit for bit, without the full spectrum:
   * `fill` writes the width×height image straight into the transform's buffer, and only the kept
   * columns get their column transforms (a quarter of them for a 4× crop). Nothing is allocated.
   */
  forwardCrop(fill: (dst: Float32Array) => void, out: Spectrum2D): Spectrum2D;
  /**
   * The forward transform of the image `fill` writes, handed to `sink` a block of columns at a time instead of
   * stored: column kx0 + c (c < nb) has its `height` complex values (ky ascending; the same values forward()
   * gives) at H[off + c·2·height + 2·ky] (re) and +1 (im). Only columns kx < `columns` are computed.
   */
  forwardColumns(fill: (dst: Float32Array) => void, columns: number, sink: (kx0: number, nb: number, H: Float32Array, off: number) => void): void;
  /**
   * inverse(spec) for the listed rows only (0 ≤ y < height, at most height of them; order free), written into those rows of
   * `out` (width × height; its other rows are left as they were), bit for bit what inverse() gives there.
   * The column transforms still run for every kx; only the listed rows are unpacked and row-transformed
   * (a correlation peak searched within |y| ≤ r needs 2r + 3 rows). Nothing is allocated.
   */
  inverseRows(spec: Spectrum2D, rows: ArrayLike<number>, out: Image2D): Image2D;
  /**
   * inverseRows of the spectrum `fill` writes a block of columns at a time, in forwardColumns' layout: column
   * kx0 + c (c < nb) at H[off + c·2·height + 2·ky] (re) and +1 (im), every ky. Lets a spectrum that is only
   * needed for this transform (a weighted cross-power) be computed straight into the transform's buffer.
   */
  inverseRowsFrom(fill: (kx0: number, nb: number, H: Float32Array, off: number) => void, rows: ArrayLike<number>, out: Image2D): Image2D;
}

const plans = new Map<string, Fft2d>();

/** The cached plan for `width × height`; requires `await initFft()` once in this thread. Throws InvalidInputError on a bad size. */
export function fft2d(width: number, height: number): Fft2d {
  const key = `${width}x${height}`;
  let plan = plans.get(key);
  if (!plan) {
    assertFftSize(width, height);
    pffft();
    plan = makePlan(width, height);
    plans.set(key, plan);
  }
  return plan;
}

/** Async convenience: initialises the module in this thread and returns the plan. */
export async function createFft2d(width: number, height: number): Promise<Fft2d> {
  assertFftSize(width, height);
  await initFft();
  return fft2d(width, height);
}

function checkShape(what: string, w: number, h: number, len: number, planW: number, planH: number, expectLen: number): void {
  if (w !== planW || h !== planH || len !== expectLen) {
    throw new InvalidInputError(`${what}: expected ${planW}×${planH} (${expectLen} values), got ${w}×${h} (${len} values)`);
  }
}

function makePlan(w: number, h: number): Fft2d {
  const half = spectrumColumns(w);
  const buffers = () => {
    const rows = scratch('rows', w * h);
    const cols = scratch('cols', SINK_BLOCK * 2 * h);
    const work = scratch('work', 2 * Math.max(w, h));
    return { rows, cols, work, H: pffft().HEAPF32 };
  };
  return {
    width: w,
    height: h,
    forward(img, out) {
      checkShape('FFT input image', img.width, img.height, img.data.length, w, h, w * h);
      const res = out ?? createSpectrum(w, h);
      checkShape('FFT output spectrum', res.width, res.height, res.data.length, w, h, 2 * half * h);
      this.forwardColumns((dst) => dst.set(img.data), half, (kx0, nb, H, off) => scatterToSpectrum(H, off, h, res.data, half, kx0, nb));
      return res;
    },
    inverse(spec, out) {
      checkShape('inverse FFT input spectrum', spec.width, spec.height, spec.data.length, w, h, 2 * half * h);
      const res = out ?? { width: w, height: h, data: new Float32Array(w * h) };
      checkShape('inverse FFT output image', res.width, res.height, res.data.length, w, h, w * h);
      const { rows, cols, work, H } = buffers();
      const m = pffft();
      const sr = setupFor(w, PFFFT_REAL);
      const sc = setupFor(h, PFFFT_COMPLEX);
      const scale = 1 / (w * h);
      for (let kx0 = 0; kx0 < half; kx0 += BLOCK) {
        const nb = Math.min(BLOCK, half - kx0);
        gatherFromSpectrum(spec.data, half, h, H, cols >> 2, kx0, nb);
        for (let c = 0; c < nb; c++) m._pffft_transform_ordered(sc, cols + 8 * c * h, cols + 8 * c * h, work, PFFFT_BACKWARD);
        scatterPacked(H, cols >> 2, w, h, rows >> 2, kx0, nb, scale);
      }
      for (let y = 0; y < h; y++) m._pffft_transform_ordered(sr, rows + 4 * y * w, rows + 4 * y * w, work, PFFFT_BACKWARD);
      res.data.set(H.subarray(rows >> 2, (rows >> 2) + w * h));
      return res;
    },
    inverseRows(spec, rowList, out) {
      checkShape('inverse FFT input spectrum', spec.width, spec.height, spec.data.length, w, h, 2 * half * h);
      return this.inverseRowsFrom((kx0, nb, H, off) => gatherFromSpectrum(spec.data, half, h, H, off, kx0, nb), rowList, out);
    },
    inverseRowsFrom(fill, rowList, out) {
      checkShape('inverse FFT output image', out.width, out.height, out.data.length, w, h, w * h);
      const n = rowList.length;
      if (n > h) throw new InvalidInputError(`inverseRows: at most ${h} rows, got ${n}`);
      for (let i = 0; i < n; i++) {
        const y = rowList[i];
        if (!(Number.isInteger(y) && y >= 0 && y < h)) throw new InvalidInputError(`inverseRows: row ${i} must be an integer in 0..${h - 1}, got ${y}`);
      }
      const { rows, cols, work, H } = buffers();
      const m = pffft();
      const sr = setupFor(w, PFFFT_REAL);
      const sc = setupFor(h, PFFFT_COMPLEX);
      const scale = 1 / (w * h);
      for (let kx0 = 0; kx0 < half; kx0 += BLOCK) {
        const nb = Math.min(BLOCK, half - kx0);
        fill(kx0, nb, H, cols >> 2);
        for (let c = 0; c < nb; c++) m._pffft_transform_ordered(sc, cols + 8 * c * h, cols + 8 * c * h, work, PFFFT_BACKWARD);
        scatterPackedRows(H, cols >> 2, w, h, rows >> 2, kx0, nb, scale, rowList);
      }
      // Listed row i sits at row i of the scratch (packed), then goes to its place in `out`.
      for (let i = 0; i < n; i++) {
        m._pffft_transform_ordered(sr, rows + 4 * i * w, rows + 4 * i * w, work, PFFFT_BACKWARD);
        out.data.set(H.subarray((rows >> 2) + i * w, (rows >> 2) + (i + 1) * w), rowList[i] * w);
      }
      return out;
    },
    forwardColumns(fill, columns, sink) {
      if (!(columns >= 1 && columns <= half)) throw new InvalidInputError(`forwardColumns: columns must be 1..${half}, got ${columns}`);
      const { rows, cols, work, H } = buffers();
      const m = pffft();
      const sr = setupFor(w, PFFFT_REAL);
      const sc = setupFor(h, PFFFT_COMPLEX);
      fill(H.subarray(rows >> 2, (rows >> 2) + w * h));
      for (let y = 0; y < h; y++) m._pffft_transform_ordered(sr, rows + 4 * y * w, rows + 4 * y * w, work, PFFFT_FORWARD);
      for (let kx0 = 0; kx0 < columns; kx0 += SINK_BLOCK) {
        const nb = Math.min(SINK_BLOCK, columns - kx0);
        gatherPacked(H, rows >> 2, w, h, cols >> 2, kx0, nb);
        for (let c = 0; c < nb; c++) m._pffft_transform_ordered(sc, cols + 8 * c * h, cols + 8 * c * h, work, PFFFT_FORWARD);
        sink(kx0, nb, H, cols >> 2);
      }
    },
    forwardCrop(fill, out) {
      const ow = out.width;
      const oh = out.height;
      if (ow > w || oh > h) throw new InvalidInputError(`forwardCrop: target ${ow}×${oh} is larger than the transform ${w}×${h}`);
      assertFftSize(ow, oh, 'forwardCrop target');
      const oHalf = spectrumColumns(ow);
      checkShape('cropped output spectrum', ow, oh, out.data.length, ow, oh, 2 * oHalf * oh);
      const map = cropRows(h, oh);
      const scale = (ow * oh) / (w * h);
      const same = ow === w && oh === h;
      if (!same) out.data.fill(0);
      this.forwardColumns(fill, oHalf, (kx0, nb, H, off) => {
        if (same) scatterToSpectrum(H, off, h, out.data, oHalf, kx0, nb);
        else scatterCropped(H, off, h, out.data, oHalf, kx0, nb, map, scale, ow < w ? oHalf - 1 : -1);
      });
      return out;
    },
  };
}

/** Destination and source rows of a crop from h to oh rows, in fourierResize's order (Nyquist row: both ±oh/2 sources). */
function cropRows(h: number, oh: number): Int32Array {
  const pairs: number[] = [];
  const lim = oh / 2;
  for (let f = -lim + 1; f < lim; f++) pairs.push((f + oh) % oh, (f + h) % h);
  if (oh < h) pairs.push(oh / 2, oh / 2, oh / 2, h - oh / 2);
  else pairs.push(h / 2, h / 2);
  return Int32Array.from(pairs);
}

/** As fourierResize's inner loop (same factor and order of operations): D[dst] += scale·weight·S[src]; the new kx Nyquist column doubles. */
function scatterCropped(H: Float32Array, cols: number, h: number, D: Float32Array, oHalf: number, kx0: number, nb: number, map: Int32Array, scale: number, nyqCol: number): void {
  const h2 = 2 * h;
  for (let e = 0; e < map.length; e += 2) {
    let d = 2 * (map[e] * oHalf + kx0);
    let s = cols + 2 * map[e + 1];
    for (let c = 0; c < nb; c++, d += 2, s += h2) {
      const f = scale * 1 * (kx0 + c === nyqCol ? 2 : 1);
      D[d] += f * H[s];
      D[d + 1] += f * H[s + 1];
    }
  }
}

/*
 * PFFFT's ordered real output for a row of length w is [F0.re, F(w/2).re, F1.re, F1.im, …] (pffft.h):
 * columns 0 and w/2 are real and packed together in the first complex slot.
 */

function gatherPacked(H: Float32Array, rows: number, w: number, h: number, cols: number, kx0: number, nb: number): void {
  const h2 = 2 * h;
  const nyq = w >> 1;
  for (let y = 0; y < h; y++) {
    const r = rows + y * w;
    const o = cols + 2 * y;
    for (let c = 0; c < nb; c++) {
      const kx = kx0 + c;
      const d = o + c * h2;
      if (kx === 0) { H[d] = H[r]; H[d + 1] = 0; } else if (kx === nyq) { H[d] = H[r + 1]; H[d + 1] = 0; } else { H[d] = H[r + 2 * kx]; H[d + 1] = H[r + 2 * kx + 1]; }
    }
  }
}

function scatterToSpectrum(H: Float32Array, cols: number, h: number, S: Float32Array, half: number, kx0: number, nb: number): void {
  const h2 = 2 * h;
  for (let y = 0; y < h; y++) {
    let d = 2 * (y * half + kx0);
    let s = cols + 2 * y;
    for (let c = 0; c < nb; c++, d += 2, s += h2) { S[d] = H[s]; S[d + 1] = H[s + 1]; }
  }
}

function gatherFromSpectrum(S: Float32Array, half: number, h: number, H: Float32Array, cols: number, kx0: number, nb: number): void {
  const h2 = 2 * h;
  for (let y = 0; y < h; y++) {
    let s = 2 * (y * half + kx0);
    let d = cols + 2 * y;
    for (let c = 0; c < nb; c++, s += 2, d += h2) { H[d] = S[s]; H[d + 1] = S[s + 1]; }
  }
}

function scatterPacked(H: Float32Array, cols: number, w: number, h: number, rows: number, kx0: number, nb: number, scale: number): void {
  const h2 = 2 * h;
  const nyq = w >> 1;
  for (let y = 0; y < h; y++) {
    const r = rows + y * w;
    const o = cols + 2 * y;
    for (let c = 0; c < nb; c++) {
      const kx = kx0 + c;
      const s = o + c * h2;
      if (kx === 0) H[r] = H[s] * scale; else if (kx === nyq) H[r + 1] = H[s] * scale; else { H[r + 2 * kx] = H[s] * scale; H[r + 2 * kx + 1] = H[s + 1] * scale; }
    }
  }
}

/** scatterPacked for the listed rows only, listed row i written to scratch row i (same values, same expressions). */
function scatterPackedRows(H: Float32Array, cols: number, w: number, h: number, rows: number, kx0: number, nb: number, scale: number, rowList: ArrayLike<number>): void {
  const h2 = 2 * h;
  const nyq = w >> 1;
  for (let i = 0; i < rowList.length; i++) {
    const r = rows + i * w;
    const o = cols + 2 * rowList[i];
    for (let c = 0; c < nb; c++) {
      const kx = kx0 + c;
      const s = o + c * h2;
      if (kx === 0) H[r] = H[s] * scale; else if (kx === nyq) H[r + 1] = H[s] * scale; else { H[r + 2 * kx] = H[s] * scale; H[r + 2 * kx + 1] = H[s + 1] * scale; }
    }
  }
}
