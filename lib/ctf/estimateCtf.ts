// CTF estimation in CTFFIND4's manner: spectrum → background → 1-D search → 2-D grid → simplex refinement → fit resolution.
import type { Image2D } from '../image.js';
import { InvalidInputError } from '../errors.js';
import { initFft } from '../fft/index.js';
import { amplitudeSpectrum } from './spectrum.js';
import { subtractBackground } from './background.js';
import { fitPoints } from './fitPoints.js';
import type { FitPoints } from './fitPoints.js';
import { fromVector, phaseConstants } from './optics.js';
import type { CtfFitParams, DefocusVector, PhaseConstants } from './optics.js';
import { rotationalAverage, search1d } from './search1d.js';
import { refineFit, restrainedScore } from './refine.js';
import { fitProfiles } from './fitResolution.js';
import type { FitProfiles } from './fitResolution.js';
import { sampleThickness, withNodes } from './sampleThickness.js';
import type { SampleThickness } from './sampleThickness.js';
import { relativeIceThickness } from './iceRing.js';

export interface EstimateCtfOptions {
  /** Micrograph pixel size, Å (required, > 0). */
  pixelSizeA: number;
  /** @default 300 */
  voltageKv?: number;
  /** @default 2.7 */
  csMm?: number;
  /** @default 0.07 */
  amplitudeContrast?: number;
  /** Spectrum size in pixels. @default 512 */
  box?: number;
  /** @default 30 */
  minResA?: number;
  /** @default 5 */
  maxResA?: number;
  /** @default 5000 */
  minDefocusA?: number;
  /** @default 50000 */
  maxDefocusA?: number;
  /** 1-D search step. @default 100 */
  defocusStepA?: number;
  /** Largest astigmatism (Δf₁ − Δf₂, Å) the 2-D grid covers when no restraint is given; refinement may go beyond. @default 3000 */
  maxAstigmatismA?: number;
  /**
   * CTFFIND's restraint ("expected astigmatism", Å): the grid covers up to this astigmatism and every score is
   * lowered by astig²/(2·tol²·N), N = fitted pixels (cisTEM Image::GetCorrelationWithCTF). 0 = none. @default 0
   */
  astigmatismRestraintA?: number;
  /** Also fit an additional phase shift in [0, π) (phase plate). @default false */
  findPhaseShift?: boolean;
  /** Phase grid step (rad). @default 0.1 */
  phaseStepRad?: number;
}

export interface CtfEstimate extends CtfFitParams {
  /** Normalised cross-correlation of the background-subtracted spectrum with CTF² in the band. */
  cc: number;
  /** Spacing (Å) up to which the CTF rings fit. */
  fitResolutionA: number;
  /** Pixel size of the fitted spectrum (Å). */
  pixelSizeForFittingA: number;
  /** The background-subtracted spectrum that was fitted (centred, box × box). */
  spectrum: Image2D;
  /** Rotational average (no astigmatism correction), bin k ↔ s = k/(box·apix_fit). */
  rotationalAverage: Float64Array;
  profiles: FitProfiles;
  /** Ice thickness from the Thon-ring nodes (CTFFIND 5's method); thicknessA null when no node is in the band. */
  sampleThickness: SampleThickness;
  /** Water-ring power ÷ its flanks (cryoSPARC's relative ice thickness, RELION's rlnCtfIceRingDensity); null past Nyquist. */
  relativeIceThickness: number | null;
  /** Seconds per stage. */
  timings: { spectrum: number; search: number; refine: number; total: number };
}

/** Grid over mean defocus around the 1-D result, astigmatism magnitude and angle on the coarse points. */
function gridSearch(p: FitPoints, k: PhaseConstants, df0: number, phase: number, o: Required<EstimateCtfOptions>): DefocusVector[] {
  const found: { v: DefocusVector; score: number }[] = [];
  // ±750 Å and 30° angle steps up to 300 Å astigmatism: the 1-D answer is within a step or two, and the refinement
  // moves the angle freely (±1,000 Å and 15° everywhere gave the same fits on the bench for 30 % more grid).
  for (let j = -3; j <= 3; j++) {
    const mean = df0 + 250 * j;
    if (mean < o.minDefocusA || mean > o.maxDefocusA) continue;
    const hMax = (o.astigmatismRestraintA > 0 ? o.astigmatismRestraintA : o.maxAstigmatismA) / 2;
    for (let h = 0; h <= hMax + 1e-9; h += 150) {
      for (let a = 0; a < 180; a += h === 0 ? 180 : h <= 300 ? 30 : 15) {
        const t = (2 * a * Math.PI) / 180;
        const v = { mean, hx: h * Math.cos(t), hy: h * Math.sin(t), phase };
        found.push({ v, score: restrainedScore(p, k, v, o.astigmatismRestraintA) });
      }
    }
  }
  return found.sort((x, y) => y.score - x.score).slice(0, 6).map((f) => f.v);
}

function resolveOptions(o: EstimateCtfOptions): Required<EstimateCtfOptions> {
  if (!(o.pixelSizeA > 0)) throw new InvalidInputError(`CTF estimation: pixel size must be > 0 Å, got ${o.pixelSizeA}`);
  const r = {
    voltageKv: 300, csMm: 2.7, amplitudeContrast: 0.07, box: 512, minResA: 30, maxResA: 5, minDefocusA: 5000, maxDefocusA: 50000,
    defocusStepA: 100, maxAstigmatismA: 3000, findPhaseShift: false, phaseStepRad: 0.1, ...o, astigmatismRestraintA: o.astigmatismRestraintA ?? 0,
  };
  if (!(r.minResA > r.maxResA && r.maxResA > 0)) throw new InvalidInputError(`CTF estimation: need min. res. > max. res. > 0 Å, got ${r.minResA} and ${r.maxResA}`);
  if (!(r.maxDefocusA >= r.minDefocusA)) throw new InvalidInputError(`CTF estimation: need max. defocus ≥ min. defocus, got ${r.minDefocusA} and ${r.maxDefocusA}`);
  return r;
}

/** Estimates defocus, astigmatism (and phase shift) of one micrograph; conventions as CTFFIND (reference §3.5). */
export async function estimateCtf(img: Image2D, options: EstimateCtfOptions): Promise<CtfEstimate> {
  const o = resolveOptions(options);
  await initFft();
  const t0 = performance.now();
  const amp = amplitudeSpectrum(img, { pixelSizeA: o.pixelSizeA, box: o.box, targetPixelA: Math.min(1.4, o.maxResA / 2) });
  const apix = amp.pixelSizeA;
  const spec = subtractBackground(amp.spectrum, { pixelSizeA: apix, minResA: o.minResA });
  const t1 = performance.now();
  const k = phaseConstants(o);
  const avg = rotationalAverage(spec);
  const phases = o.findPhaseShift ? Array.from({ length: Math.ceil(Math.PI / o.phaseStepRad) }, (_, i) => i * o.phaseStepRad) : [0];
  const first = search1d(avg, k, { ...o, pixelSizeA: apix, phases });
  const coarse = fitPoints(spec, k, { pixelSizeA: apix, minResA: o.minResA, maxResA: o.maxResA, stride: 2 });
  const sparse = fitPoints(spec, k, { pixelSizeA: apix, minResA: o.minResA, maxResA: o.maxResA, stride: 3 });
  const fine = fitPoints(spec, k, { pixelSizeA: apix, minResA: o.minResA, maxResA: o.maxResA });
  // The sparse grid's noise can outscore the true peak on one low-dose tile (1024² at 0.6 Å/px): its best six and the
  // 1-D answer without astigmatism are re-scored on every pixel, and the best three of those are refined.
  const starts = gridSearch(sparse, k, first.defocus, first.phase, o)
    .concat([{ mean: first.defocus, hx: 0, hy: 0, phase: first.phase }])
    .map((v) => ({ v, score: restrainedScore(fine, k, v, o.astigmatismRestraintA) }))
    .sort((x, y) => y.score - x.score).slice(0, 3).map((f) => f.v);
  const t2 = performance.now();
  let best = refineFit(coarse, fine, k, starts, o);
  const t3 = performance.now();
  let profiles = fitProfiles(spec, apix, o.minResA, k, best.v);
  let thickness = sampleThickness(profiles, k, best.v, { minResA: o.minResA });
  // Past a thick sample's first node its rings invert, which pulls a plain sin²χ fit: while a node lies inside the fit
  // band, refit with the node model (CTFFIND 5's 2-D refinement with thickness) and re-fit the thickness.
  const lambda = k.a / Math.PI;
  for (let it = 0; it < 2 && thickness.thicknessA !== null && thickness.thicknessA * lambda > o.maxResA ** 2; it++) {
    const t = thickness.thicknessA;
    best = refineFit(withNodes(coarse, k, t), withNodes(fine, k, t), k, [{ ...best.v, mean: best.v.mean + thickness.defocusShiftA }], o);
    profiles = fitProfiles(spec, apix, o.minResA, k, best.v);
    thickness = sampleThickness(profiles, k, best.v, { minResA: o.minResA });
  }
  const t4 = performance.now();
  return {
    ...fromVector(best.v), cc: best.cc, fitResolutionA: profiles.resolutionA, pixelSizeForFittingA: apix, spectrum: spec, rotationalAverage: avg, profiles,
    sampleThickness: thickness, relativeIceThickness: relativeIceThickness(amp.spectrum, apix),
    timings: { spectrum: (t1 - t0) / 1000, search: (t2 - t1) / 1000, refine: (t3 - t2 + t4 - t3) / 1000, total: (t4 - t0) / 1000 },
  };
}
