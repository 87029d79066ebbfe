// Patch tracks: after global alignment, each tile of the frames is aligned on its own (residual local motion).
import type { Spectrum2D } from '../fft/index.js';
import { createSpectrum, fft2d, nextFftSize, spectrumColumns } from '../fft/index.js';
import type { Image2D } from '../image.js';
import { alignSpectra, createAlignScratch } from './alignGlobal.js';
import { shiftRamps, shiftedColumns } from './alignPasses.js';
import type { AlignScratch, Shift } from './alignGlobal.js';

export interface LocalTrack {
  /** Patch centre in input-movie pixels. */
  x: number;
  y: number;
  /** Residual content displacement of frame (or frame group) k relative to the first after global correction, input pixels. */
  shifts: Shift[];
  /** Frame index (a group's mean frame index) of each shift. @default 0, 1, 2, … */
  z?: number[];
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
  /** Tile edge over the patch pitch: > 1 lets neighbouring tiles overlap (MotionCor2's -Patch overlap %), more signal per tile. @default 1 */
  tileScale?: number;
  /** Consecutive frames summed per group before the tile stack is aligned (MC3 -Group, RELION --group_frames). @default 1 */
  group?: number;
}

/**
 * Frame `spec` moved back by its global shift (input pixels) and returned to real space, into `out`: the
 * inverse FFT of shiftSpectrum(spec, …), bit for bit, with the shift computed straight into the transform's buffer.
 */
export function correctedFrame(spec: Spectrum2D, shift: Shift, scale: [number, number], out: Image2D): Image2D {
  const { width: w, height: h } = spec;
  const half = spectrumColumns(w);
  const px = new Float64Array(2 * half);
  const py = new Float64Array(2 * h);
  shiftRamps(-shift.dx / scale[0], -shift.dy / scale[1], w, h, px, py);
  return fft2d(w, h).inverseRowsFrom((kx0, nb, H, off) => shiftedColumns(spec.data, half, h, px, py, kx0, nb, H, off), allRows(h), out);
}

const rowLists = new Map<number, Int32Array>();
function allRows(h: number): Int32Array {
  let rows = rowLists.get(h);
  if (!rows) rowLists.set(h, (rows = Int32Array.from({ length: h }, (_, y) => y)));
  return rows;
}

/** The globally corrected working-size frames in real space (what the patch tiles are cut from). */
export function correctedFrames(frames: Spectrum2D[], global: Shift[], scale: [number, number], alloc: (n: number) => Float32Array = (n) => new Float32Array(n)): Image2D[] {
  const { width: w, height: h } = frames[0];
  return frames.map((f, i) => correctedFrame(f, global[i], scale, { width: w, height: h, data: alloc(w * h) }));
}

/** Buffers of patchTrack for one tile size and frame count, reused from patch to patch (a worker keeps one). */
export interface PatchScratch {
  /** Tile size (the tile itself is cut straight into the FFT's buffer). */
  tile: { width: number; height: number };
  spectra: Spectrum2D[];
  /** Frame groups [first, end) and their summed spectra (the frames' own spectra when groups are single frames). */
  groups: [number, number][];
  grouped: Spectrum2D[];
  stack: AlignScratch;
}

/** Tile size (FFT size ≥ the patch pitch, at most the frame) of a patch grid on working-size frames. */
export function patchTileSize(frameWidth: number, frameHeight: number, options: Pick<AlignPatchesOptions, 'patches' | 'scale' | 'width' | 'height' | 'tileScale'>): [number, number] {
  const k = options.tileScale ?? 1;
  return [
    Math.min(frameWidth, nextFftSize(Math.ceil((k * options.width) / options.scale[0] / options.patches[0]))),
    Math.min(frameHeight, nextFftSize(Math.ceil((k * options.height) / options.scale[1] / options.patches[1]))),
  ];
}

/** `frames` split into about frames/group runs of consecutive frames, as even as integer bounds allow. */
export function frameGroups(frames: number, group: number): [number, number][] {
  const count = Math.max(1, Math.round(frames / Math.max(1, group)));
  return Array.from({ length: count }, (_, k) => [Math.floor((k * frames) / count), Math.floor(((k + 1) * frames) / count)]);
}

/** Track of patch (i, j) of the grid: tile of FFT size ≥ the pitch around its centre, aligned as alignSpectra would. */
export function patchTrack(real: Image2D[], i: number, j: number, options: Omit<AlignPatchesOptions, 'global'>, scratch?: PatchScratch): LocalTrack {
  const [px, py] = options.patches;
  const [sx, sy] = options.scale;
  const s = patchScratchFor(real, options, scratch);
  const { width: tw, height: th } = s.tile;
  // The tile is centred on the patch but kept inside the movie: a tile wrapped round the edge mixes in the
  // far side's motion and shrank the measured field (4096²×40, 5×5: local field recovered at ~81 %). Its track
  // is placed at the tile's own centre.
  const inside = (c: number, t: number, extent: number): number => Math.max(0, Math.min(Math.round(c - t / 2), Math.floor(extent) - t));
  const x0 = inside(((i + 0.5) * options.width) / px / sx, tw, options.width / sx);
  const y0 = inside(((j + 0.5) * options.height) / py / sy, th, options.height / sy);
  const cx = (x0 + tw / 2) * sx;
  const cy = (y0 + th / 2) * sy;
  const plan = fft2d(tw, th);
  // forwardCrop to the same size is forward() bit for bit, with the tile cut straight into the transform's buffer.
  real.forEach((img, f) => plan.forwardCrop((dst) => cutTile(img, x0, y0, { width: tw, height: th, data: dst }), s.spectra[f]));
  if (s.grouped !== s.spectra) sumGroups(s);
  // RELION's --max_iter default (5) and a 0.1 px tolerance: the polynomial fit averages the remaining noise.
  const r = alignSpectra(s.grouped, { bfactor: options.bfactor ?? 150, scale: [sx, sy], maxShift: options.maxShift ?? 12, refineShift: 2, maxIterations: 5, tolerance: 0.1 }, s.stack);
  return { x: cx, y: cy, shifts: r.shifts, z: s.groups.map(([a, b]) => (a + b - 1) / 2) };
}

/** Each group's spectrum: the sum of its frames' tile spectra. */
function sumGroups(s: PatchScratch): void {
  s.groups.forEach(([a, b], k) => {
    const out = s.grouped[k].data;
    out.set(s.spectra[a].data);
    for (let f = a + 1; f < b; f++) {
      const d = s.spectra[f].data;
      for (let j = 0; j < out.length; j++) out[j] += d[j];
    }
  });
}

/** `existing` when it fits these frames and this grid, else new buffers. */
export function patchScratchFor(real: Image2D[], options: Pick<AlignPatchesOptions, 'patches' | 'scale' | 'width' | 'height' | 'tileScale' | 'group'>, existing?: PatchScratch): PatchScratch {
  const [tw, th] = patchTileSize(real[0].width, real[0].height, options);
  const groups = frameGroups(real.length, options.group ?? 1);
  if (existing && existing.tile.width === tw && existing.tile.height === th && existing.spectra.length === real.length && existing.groups.length === groups.length) return existing;
  const spectra = real.map(() => createSpectrum(tw, th));
  return {
    tile: { width: tw, height: th },
    spectra,
    groups,
    grouped: groups.length === real.length ? spectra : groups.map(() => createSpectrum(tw, th)),
    stack: createAlignScratch(tw, th, groups.length),
  };
}

/** The tile.width × tile.height window of `img` starting at (x0, y0) (inside the frame: patchTrack keeps it there), into `tile`. */
function cutTile(img: Image2D, x0: number, y0: number, tile: Image2D): void {
  const { width: tw, height: th } = tile;
  for (let y = 0; y < th; y++) {
    const row = (y0 + y) * img.width + x0;
    tile.data.set(img.data.subarray(row, row + tw), y * tw);
  }
}

/**
 * Globally corrects the working-size spectra, returns them to real space, cuts a tile of FFT size ≥ the
 * patch pitch around each patch centre (moved inward at the movie's edges, never wrapped round), and
 * aligns each tile stack like alignSpectra (frame against the sum of the others). Needs initFft().
 */
export function alignPatches(frames: Spectrum2D[], options: AlignPatchesOptions): LocalTrack[] {
  const real = correctedFrames(frames, options.global, options.scale);
  const scratch = patchScratchFor(real, options);
  const tracks: LocalTrack[] = [];
  for (let j = 0; j < options.patches[1]; j++) for (let i = 0; i < options.patches[0]; i++) tracks.push(patchTrack(real, i, j, options, scratch));
  return tracks;
}
