// One micrograph MRC in, the pick outputs out (coordinate STAR, preview PNG, result): the path the function and the CLI share.
import { InvalidInputError } from '../errors.js';
import { readMrc } from '../formats/mrc/index.js';
import { pickParticles, searchRange } from './pickParticles.js';
import { diameterRange } from './diameter.js';
import { pickWarnings } from './pickWarnings.js';
import type { Pick, PickParticlesOptions } from './pickParticles.js';
import { coordinatesStar } from './coordinatesStar.js';
import { picksPng } from './picksPng.js';
import { pickThresholdSigma } from './sessionThreshold.js';
import { PICK_IMPLEMENTATION, PICK_VERSION, PickResult } from './result.js';

export interface PickMicrographOptions extends Omit<PickParticlesOptions, 'pixelSizeA'> {
  /** Pixel size, Å; overrides the MRC header's. @default the header's */
  pixelSizeA?: number;
  /** Used when neither pixelSizeA nor the header gives one (header cella/mx = 0). @default none: error */
  fallbackPixelSizeA?: number;
  /** Session threshold on the 0–1 scale (see pickThresholdSigma); sets `threshold` in σ when given. @default none */
  pickThreshold?: number;
}

export interface PickMicrographOutput {
  picks: Pick[];
  result: PickResult;
  /** RELION coordinate STAR text. */
  star: string;
  png: Uint8Array;
  /** Where the pixel size came from: given by the caller, the micrograph's MRC header, or the fallback. */
  pixelSizeSource: 'option' | 'header' | 'fallback';
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Reads the first image of the MRC `bytes` (`name` for messages), picks it, and builds every output. */
export async function pickMicrograph(bytes: Uint8Array, name: string, options: PickMicrographOptions): Promise<PickMicrographOutput> {
  const t0 = performance.now();
  const { header, images } = readMrc(bytes, name);
  const pixelSizeSource = options.pixelSizeA !== undefined ? 'option' : header.pixelSizeA.x > 0 ? 'header' : 'fallback';
  const apix = options.pixelSizeA ?? (header.pixelSizeA.x > 0 ? header.pixelSizeA.x : options.fallbackPixelSizeA);
  if (apix === undefined) throw new InvalidInputError(`pick: micrograph "${name}" has no pixel size in its header (cella/mx = 0); give one`);
  if (images.length === 0) throw new InvalidInputError(`pick: micrograph "${name}" holds no image`);
  const k = options.k ?? 1.2;
  const overlapMultiple = options.overlapMultiple ?? 1.5;
  const stated = diameterRange(options.diameterA);
  const edgeA = options.edgeA ?? searchRange(options.diameterA, apix).minA / 2;
  const outlierSigma = options.outlierSigma ?? null;
  const threshold = options.pickThreshold === undefined ? options.threshold : pickThresholdSigma(options.pickThreshold);
  const thresholdMode = options.pickThreshold === undefined ? options.thresholdMode : 'sigma';
  const r = await pickParticles(images[0], { ...options, pixelSizeA: apix, k, overlapMultiple, edgeA, outlierSigma, threshold, thresholdMode });
  const scores = r.picks.map((p) => p.score);
  const estimatedDiameterA = r.picks.length ? median(r.picks.map((p) => p.diameterA)) : null;
  const star = coordinatesStar(r.picks);
  const png = await picksPng(images[0], r.picks, stated.maxA / apix / 2);
  const result = PickResult.parse({
    count: r.picks.length,
    statedDiameterA: options.diameterA,
    estimatedDiameterA,
    warnings: pickWarnings({ name, count: r.picks.length, stated, searched: r.range, thresholdSigma: r.thresholdSigma, strongestSigma: r.strongestSigma, estimatedDiameterA }),
    thresholds: { sigma: r.thresholdSigma, absolute: r.thresholdAbsolute, mode: thresholdMode ?? 'sigma', maxSigma: r.maxThresholdSigma, pickThreshold: options.pickThreshold ?? null },
    parameters: {
      diameterA: stated.maxA, searchedDiametersA: r.searchedDiametersA, pixelSizeA: apix, workingPixelSizeA: r.workingPixelSizeA, k,
      sigma1Px: r.sigma1Px, sigma2Px: r.sigma2Px, overlapMultiple, edgeA, outlierSigma,
    },
    outliersRemoved: r.outliersRemoved,
    strongestSigma: r.strongestSigma,
    scores: scores.length ? { max: Math.max(...scores), median: median(scores), min: Math.min(...scores) } : null,
    timing: { seconds: (performance.now() - t0) / 1000 },
    implementation: PICK_IMPLEMENTATION,
    version: PICK_VERSION,
  });
  return { picks: r.picks, result, star, png, pixelSizeSource };
}
