// Known specimen motion: a smooth global drift trajectory and RELION's third-order polynomial local field.
import type { Rng } from './random.js';

/** Per-frame displacement in pixels of frame i's content relative to frame 0 (DESIGN shift convention; shifts[0] = 0). */
export interface FrameShift {
  dx: number;
  dy: number;
}

export interface DriftOptions {
  /** Total path length over the movie, pixels. @default 10 */
  totalDriftPx?: number;
  /** Fraction of the drift spent in the fast, exponentially decaying initial phase (beam-induced motion). @default 0.6 */
  initialFraction?: number;
}

/**
 * A smooth random trajectory: fast early motion decaying exponentially (τ = frames/6) along a random
 * direction, plus a slow linear stage drift in another random direction, plus a small smooth wobble.
 * Rescaled so the summed frame-to-frame path length equals totalDriftPx. shifts[0] = (0, 0).
 */
export function driftTrajectory(rng: Rng, frames: number, options: DriftOptions = {}): FrameShift[] {
  const total = options.totalDriftPx ?? 10;
  const frac = options.initialFraction ?? 0.6;
  const a1 = 2 * Math.PI * rng.next();
  const a2 = 2 * Math.PI * rng.next();
  const tau = Math.max(1, frames / 6);
  const wob = 2 * Math.PI * rng.next();
  const raw: FrameShift[] = [];
  for (let t = 0; t < frames; t++) {
    const e = frac * (1 - Math.exp(-t / tau));
    const l = ((1 - frac) * t) / Math.max(1, frames - 1);
    const w = 0.05 * Math.sin((2 * Math.PI * t) / Math.max(2, frames / 2) + wob);
    raw.push({ dx: e * Math.cos(a1) + l * Math.cos(a2) + w, dy: e * Math.sin(a1) + l * Math.sin(a2) + w * 0.5 });
  }
  let path = 0;
  for (let t = 1; t < frames; t++) path += Math.hypot(raw[t].dx - raw[t - 1].dx, raw[t].dy - raw[t - 1].dy);
  const k = path > 0 ? total / path : 0;
  return raw.map((s) => ({ dx: (s.dx - raw[0].dx) * k, dy: (s.dy - raw[0].dy) * k }));
}

/**
 * Local motion as RELION's ThirdOrderPolynomialModel (src/micrograph_model.cpp getShiftAt): 18
 * coefficients per axis, index 3·term + (power − 1) for terms [1, u, u², v, v², uv] and powers z, z², z³;
 * u = x/width − 0.5, v = y/height − 0.5, z = frame index (0 = reference, where the field is zero).
 * Here the field is the extra content DISPLACEMENT of frame z at output pixel (x, y) (RELION's own
 * coefficients describe the correction, i.e. the negative).
 */
export interface LocalMotionModel {
  coeffX: number[];
  coeffY: number[];
}

/** Local displacement (pixels) of frame z at pixel (x, y) of a width × height movie. */
export function localShiftAt(model: LocalMotionModel, z: number, x: number, y: number, width: number, height: number): FrameShift {
  const u = x / width - 0.5;
  const v = y / height - 0.5;
  const terms = [1, u, u * u, v, v * v, u * v];
  const zp = [z, z * z, z * z * z];
  let dx = 0;
  let dy = 0;
  for (let t = 0; t < 6; t++) {
    for (let p = 0; p < 3; p++) {
      dx += model.coeffX[3 * t + p] * zp[p] * terms[t];
      dy += model.coeffY[3 * t + p] * zp[p] * terms[t];
    }
  }
  return { dx, dy };
}

/**
 * Random smooth local model, rescaled so the largest local displacement over the frame corners, centre
 * and edge midpoints, at every frame, is `amplitudePx`. Constant terms (index 0..2) are zero so the local
 * field averages out rather than duplicating the global drift.
 */
export function randomLocalMotion(rng: Rng, frames: number, amplitudePx: number): LocalMotionModel {
  const zs = Math.max(1, frames - 1);
  const draw = () => Array.from({ length: 18 }, (_, i) => (i < 3 ? 0 : rng.normal() / zs ** ((i % 3) + 1)));
  const model = { coeffX: draw(), coeffY: draw() };
  let max = 0;
  for (let z = 0; z < frames; z++) {
    for (const u of [0, 0.5, 1]) {
      for (const v of [0, 0.5, 1]) {
        const s = localShiftAt(model, z, u, v, 1, 1);
        max = Math.max(max, Math.hypot(s.dx, s.dy));
      }
    }
  }
  const k = max > 0 ? amplitudePx / max : 0;
  return { coeffX: model.coeffX.map((c) => c * k), coeffY: model.coeffY.map((c) => c * k) };
}
