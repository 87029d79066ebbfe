// Multi-scale DoG: one background-normalised map per searched diameter, combined pixel by pixel into the best.
import type { Image2D } from '../image.js';
import type { Spectrum2D } from '../fft/index.js';
import { dogSigmas } from './sigmas.js';
import { dogMap } from './dogMap.js';
import { normaliseBackground } from './background.js';

export interface ScaleSearchOptions {
  /** Appion --kfactor. @default 1.2 */
  k?: number;
  /** @default true */
  invert?: boolean;
}

export interface ScaleSearch {
  /** Per pixel, the highest value over the scales, in σ of that scale's background. */
  best: Image2D;
  /** Per pixel, the index (into the radii) of the scale that gave `best`. */
  scale: Uint8Array;
  /** Background σ of each scale's map, raw DoG units. */
  sigmas: number[];
  /** σ₁ and σ₂ of each scale, working pixels. */
  pairs: { sigma1: number; sigma2: number }[];
}

/**
 * For each radius (working pixels) the Appion DoG map, each normalised by its own background (so scales
 * with different noise compare in the same σ units), and the per-pixel maximum over scales — RELION's LoG
 * picker keeps the same "best FOM, best size" pair per pixel (autopicker.cpp, autoPickLoGOneMicrograph).
 * Only the top-left w × h region is micrograph; the rest is padding. Needs initFft().
 */
export function scaleSearch(spec: Spectrum2D, radiiPx: number[], w: number, h: number, options: ScaleSearchOptions = {}): ScaleSearch {
  let best: Image2D | null = null;
  const scale = new Uint8Array(spec.width * spec.height);
  const sigmas: number[] = [];
  const pairs: { sigma1: number; sigma2: number }[] = [];
  radiiPx.forEach((r, i) => {
    const { sigma1, sigma2 } = dogSigmas(r, options.k ?? 1.2);
    pairs.push({ sigma1, sigma2 });
    const map = dogMap(spec, sigma1, sigma2, { invert: options.invert });
    sigmas.push(normaliseBackground(map, w, h, { maskRadius: 1.5 * r, threshold: 3 }).sigma);
    if (!best) { best = map; return; }
    const b = best.data;
    const m = map.data;
    for (let j = 0; j < b.length; j++) if (m[j] > b[j]) { b[j] = m[j]; scale[j] = i; }
  });
  if (!best) throw new Error('scaleSearch: no radii');
  return { best, scale, sigmas, pairs };
}
