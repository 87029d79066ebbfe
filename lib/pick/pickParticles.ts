// The DoG particle picker (Voss et al. 2009, Appion apDog.py): down-sample, DoG filter, threshold, peaks, full-grid coordinates.
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { initFft } from '../fft/index.js';
import { dogSigmas } from './sigmas.js';
import { workingSpectrum } from './workingImage.js';
import { dogMap } from './dogMap.js';
import { normaliseBackground } from './background.js';
import { lowPassMap } from './lowPass.js';
import { findPeaks } from './findPeaks.js';
import { rejectOutliers } from './outliers.js';

export interface PickParticlesOptions {
  /** Particle diameter, Å. */
  diameterA: number;
  /** Micrograph pixel size, Å. */
  pixelSizeA: number;
  /** Appion --kfactor: σ₂/σ₁. @default 1.2 */
  k?: number;
  /** Particle radius in working (down-sampled) pixels; sets the binning. @default 12 */
  workingRadiusPx?: number;
  /** Peak threshold: in σ of the DoG map's background (`thresholdMode` 'sigma', see normaliseBackground) or in raw DoG units ('absolute'). @default 4 */
  threshold?: number;
  /** @default 'sigma' */
  thresholdMode?: 'sigma' | 'absolute';
  /** Drop peaks stronger than this (same units as threshold; Appion --maxthresh). @default Infinity */
  maxThreshold?: number;
  /** Minimum distance between picks as a multiple of the radius (Appion --overlapmult). @default 1.5 */
  overlapMultiple?: number;
  /** Drop picks closer than this to the micrograph edge, Å. @default diameterA / 2 */
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
  /** DoG value at the peak, in σ of the DoG map's background. */
  score: number;
}

export interface PickParticlesResult {
  picks: Pick[];
  /** Threshold actually applied, in σ of the DoG map and in raw DoG units. */
  thresholdSigma: number;
  thresholdAbsolute: number;
  /** Upper threshold applied, σ of the DoG map; null when none. */
  maxThresholdSigma: number | null;
  sigma1Px: number;
  sigma2Px: number;
  /** Working pixel size, Å (mean of the two axes). */
  workingPixelSizeA: number;
  /** Peaks removed by the ice/carbon check. */
  outliersRemoved: number;
}

function check(img: Image2D, o: PickParticlesOptions): void {
  if (!(o.diameterA > 0) || !(o.pixelSizeA > 0)) {
    throw new InvalidInputError(`pick: particle diameter and pixel size must be > 0 Å, got ${o.diameterA} Å and ${o.pixelSizeA} Å/px`);
  }
  const dPx = o.diameterA / o.pixelSizeA;
  if (dPx < 4 || dPx >= Math.min(img.width, img.height)) {
    throw new InvalidInputError(`pick: particle diameter ${o.diameterA} Å is ${dPx.toFixed(1)} px at ${o.pixelSizeA} Å/px; it must be ≥ 4 px and smaller than the ${img.width}×${img.height} micrograph`);
  }
}

/** Picks particles in `img`; see PickParticlesOptions for the Appion equivalents. */
export async function pickParticles(img: Image2D, options: PickParticlesOptions): Promise<PickParticlesResult> {
  check(img, options);
  await initFft();
  const radiusPx = options.diameterA / options.pixelSizeA / 2;
  const ws = workingSpectrum(img, radiusPx, options.workingRadiusPx ?? 12);
  const scale = (ws.scaleX + ws.scaleY) / 2;
  const { sigma1, sigma2 } = dogSigmas(radiusPx / scale, options.k ?? 1.2);
  const map = dogMap(ws.spectrum, sigma1, sigma2, { invert: options.invert });
  const w = Math.floor(img.width / ws.scaleX);
  const h = Math.floor(img.height / ws.scaleY);
  const absolute = options.thresholdMode === 'absolute';
  const t = options.threshold ?? 4;
  const { sigma: std } = normaliseBackground(map, w, h, { maskRadius: (1.5 * radiusPx) / scale, threshold: 3 });
  const thresholdSigma = absolute ? t / (std || 1) : t;
  const maxT = options.maxThreshold ?? Infinity;
  const maxSigma = absolute ? maxT / (std || 1) : maxT;
  const peaks = findPeaks(map, {
    threshold: thresholdSigma, maxThreshold: maxSigma,
    minDistance: ((options.overlapMultiple ?? 1.5) * radiusPx) / scale,
    width: w, height: h, border: (options.edgeA ?? options.diameterA / 2) / options.pixelSizeA / scale, maxPeaks: options.maxPeaks,
  });
  const k = options.outlierSigma ?? null;
  const kept = k === null ? peaks : rejectOutliers(peaks, lowPassMap(ws.spectrum, radiusPx / scale), w, h, k);
  return {
    picks: kept.map((p) => ({ x: p.x * ws.scaleX, y: p.y * ws.scaleY, score: p.value })),
    thresholdSigma, thresholdAbsolute: thresholdSigma * std, maxThresholdSigma: Number.isFinite(maxSigma) ? maxSigma : null, sigma1Px: sigma1 * scale, sigma2Px: sigma2 * scale,
    workingPixelSizeA: options.pixelSizeA * scale, outliersRemoved: peaks.length - kept.length,
  };
}
