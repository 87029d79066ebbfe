// The DoG particle picker (Voss et al. 2009, Appion apDog.py): down-sample, DoG filter, threshold, peaks, full-grid coordinates.
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { initFft } from '../fft/index.js';
import { workingSpectrum } from './workingImage.js';
import { scaleSearch } from './scaleSearch.js';
import { lowPassMap } from './lowPass.js';
import { diameterRange, searchDiameters } from './diameter.js';
import type { DiameterRange, ParticleDiameter } from './diameter.js';
import { pickDiameters } from './pickDiameters.js';
import { findPeaks } from './findPeaks.js';
import { rejectOutliers } from './outliers.js';

export interface PickParticlesOptions {
  /**
   * Particle diameter, Å: a number, or a range to search ({ min, max } or "70-110"). A number d searches
   * 0.7·d … d, because operators over-estimate by 10–30 % and a DoG larger than the particle loses it,
   * while a smaller one still finds it (issue 22); a range is searched as given.
   */
  diameterA: ParticleDiameter;
  /** Micrograph pixel size, Å. */
  pixelSizeA: number;
  /** Appion --kfactor: σ₂/σ₁. @default 1.2 */
  k?: number;
  /** Radius of the LARGEST searched diameter in working (down-sampled) pixels; sets the binning (the smallest is kept ≥ 6). @default 12 */
  workingRadiusPx?: number;
  /** Peak threshold: in σ of the DoG map's background (`thresholdMode` 'sigma', see normaliseBackground) or in raw DoG units of the smallest scale ('absolute'). @default 4 */
  threshold?: number;
  /** @default 'sigma' */
  thresholdMode?: 'sigma' | 'absolute';
  /** Drop peaks stronger than this (same units as threshold; Appion --maxthresh). @default Infinity */
  maxThreshold?: number;
  /** Minimum distance between picks as a multiple of the radius of the scale that found the stronger one (Appion --overlapmult). @default 1.5 */
  overlapMultiple?: number;
  /** Drop picks closer than this to the micrograph edge, Å. @default the smallest searched diameter / 2 (RELION LoG) */
  edgeA?: number;
  /** Drop picks whose local mean intensity (low-pass at σ = radius) is more than this many robust σ from the micrograph's (ice, carbon); null = off. @default null */
  outlierSigma?: number | null;
  /** Particles are dark (underfocused cryo-EM): invert so they are bright. @default true */
  invert?: boolean;
  /** @default 1500 */
  maxPeaks?: number;
}

export interface Pick {
  /** Micrograph pixel coordinates (origin at the first pixel, row y as stored in the MRC). */
  x: number;
  y: number;
  /** DoG value at the peak, in σ of the background of the scale that found it. */
  score: number;
  /** Estimated particle diameter, Å (edgeDiameter ÷ EDGE_TO_DIAMETER; the finding scale's diameter when no edge is found). */
  diameterA: number;
}

export interface PickParticlesResult {
  picks: Pick[];
  /** Threshold actually applied, in σ of the DoG map and in raw DoG units (of the smallest scale). */
  thresholdSigma: number;
  thresholdAbsolute: number;
  /** Upper threshold applied, σ of the DoG map; null when none. */
  maxThresholdSigma: number | null;
  /** σ₁, σ₂ of the smallest scale, micrograph pixels. */
  sigma1Px: number;
  sigma2Px: number;
  /** Diameters searched, Å, and the range they span. */
  searchedDiametersA: number[];
  range: DiameterRange;
  /** Strongest DoG value inside the micrograph (σ), also when nothing reached the threshold; says how far off a zero-pick micrograph was. */
  strongestSigma: number;
  /** Working pixel size, Å (mean of the two axes). */
  workingPixelSizeA: number;
  /** Peaks removed by the ice/carbon check. */
  outliersRemoved: number;
}

function check(img: Image2D, stated: ParticleDiameter, apix: number): void {
  if (!(apix > 0)) throw new InvalidInputError(`pick: particle diameter and pixel size must be > 0 Å, got ${JSON.stringify(stated)} Å and ${apix} Å/px`);
  const r = diameterRange(stated);
  const lo = r.minA / apix;
  const hi = r.maxA / apix;
  if (lo < 4 || hi >= Math.min(img.width, img.height)) {
    const d = lo < 4 ? r.minA : r.maxA;
    throw new InvalidInputError(`pick: particle diameter ${d} Å is ${(d / apix).toFixed(1)} px at ${apix} Å/px; it must be ≥ 4 px and smaller than the ${img.width}×${img.height} micrograph`);
  }
}

/** The searched range: as stated for a range, 0.7·d … d (never under 4 px) for a plain number (see PickParticlesOptions.diameterA). */
export function searchRange(stated: ParticleDiameter, pixelSizeA: number): DiameterRange {
  const r = diameterRange(stated);
  return typeof stated === 'number' ? { minA: Math.min(r.maxA, Math.max(0.7 * r.maxA, 4 * pixelSizeA)), maxA: r.maxA } : r;
}

/** Picks particles in `img`; see PickParticlesOptions for the Appion equivalents. */
export async function pickParticles(img: Image2D, options: PickParticlesOptions): Promise<PickParticlesResult> {
  check(img, options.diameterA, options.pixelSizeA);
  const range = searchRange(options.diameterA, options.pixelSizeA);
  await initFft();
  const apix = options.pixelSizeA;
  const diameters = searchDiameters(range);
  const maxR = range.maxA / apix / 2;
  const minR = range.minA / apix / 2;
  const ws = workingSpectrum(img, Math.min(maxR, (minR * (options.workingRadiusPx ?? 12)) / 6), options.workingRadiusPx ?? 12);
  const scale = (ws.scaleX + ws.scaleY) / 2;
  const radii = diameters.map((d) => d / apix / 2 / scale);
  const w = Math.floor(img.width / ws.scaleX);
  const h = Math.floor(img.height / ws.scaleY);
  const search = scaleSearch(ws.spectrum, radii, w, h, { k: options.k, invert: options.invert });
  const std = search.sigmas[0];
  const absolute = options.thresholdMode === 'absolute';
  const t = options.threshold ?? 4;
  const thresholdSigma = absolute ? t / (std || 1) : t;
  const maxT = options.maxThreshold ?? Infinity;
  const maxSigma = absolute ? maxT / (std || 1) : maxT;
  const overlap = options.overlapMultiple ?? 1.5;
  const mw = search.best.width;
  const peaks = findPeaks(search.best, {
    threshold: thresholdSigma, maxThreshold: maxSigma, minDistance: overlap * radii[radii.length - 1],
    minDistanceAt: (x, y) => overlap * radii[search.scale[y * mw + x]],
    width: w, height: h, border: (options.edgeA ?? range.minA / 2) / apix / scale, maxPeaks: options.maxPeaks,
  });
  const k = options.outlierSigma ?? null;
  const kept = k === null ? peaks : rejectOutliers(peaks, lowPassMap(ws.spectrum, maxR / scale), w, h, k);
  const sizes = pickDiameters(ws.spectrum, kept, { w, h, scale, apix, range, invert: options.invert, foundA: kept.map((p) => diameters[search.scale[Math.round(p.y) * mw + Math.round(p.x)]]) });
  return {
    picks: kept.map((p, i) => ({ x: p.x * ws.scaleX, y: p.y * ws.scaleY, score: p.value, diameterA: sizes[i] })),
    thresholdSigma, thresholdAbsolute: thresholdSigma * std, maxThresholdSigma: Number.isFinite(maxSigma) ? maxSigma : null,
    sigma1Px: search.pairs[0].sigma1 * scale, sigma2Px: search.pairs[0].sigma2 * scale, searchedDiametersA: diameters, range,
    strongestSigma: strongest(search.best, w, h), workingPixelSizeA: apix * scale, outliersRemoved: peaks.length - kept.length,
  };
}

/** Largest value in the top-left w × h region (−Infinity for an empty one). */
function strongest(map: Image2D, w: number, h: number): number {
  let m = -Infinity;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m = Math.max(m, map.data[y * map.width + x]);
  return m;
}
