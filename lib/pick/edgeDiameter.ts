// Per-pick particle size: where the rotationally averaged, low-passed image around the pick meets the background.
import type { Image2D } from '../image.js';

/**
 * Edge diameter ÷ this = estimated particle diameter. The edge (first crossing of the background level)
 * sits near the half-maximum of the projected density, inside the outer diameter an operator states.
 * Measured on lib/synth particles (8 Gaussian sub-units, σ = d/8, within 0.3·d): edge/d = 0.64–0.71 for
 * d = 60–150 Å, 1.0–3.0 µm defocus, 5–40 % coverage (one outlier 0.83); a uniform sphere's projection
 * would give about 0.87, so real globular particles may read up to ~25 % large. A calibration, not physics.
 */
export const EDGE_TO_DIAMETER = 0.7;

export interface EdgeDiameterOptions {
  /** Particles darker than the background (underfocused cryo-EM). @default true */
  dark?: boolean;
  /** Largest radius looked at, working pixels. */
  maxRadiusPx: number;
}

/** Mean of `img` on the circle of radius r around (cx, cy), pixels outside the w × h region skipped; NaN if none. */
function ringMean(img: Image2D, w: number, h: number, cx: number, cy: number, r: number): number {
  const n = Math.max(8, Math.ceil(2 * Math.PI * r));
  let s = 0;
  let k = 0;
  for (let a = 0; a < n; a++) {
    const x = Math.round(cx + r * Math.cos((2 * Math.PI * a) / n));
    const y = Math.round(cy + r * Math.sin((2 * Math.PI * a) / n));
    if (x < 0 || y < 0 || x >= w || y >= h) continue;
    s += img.data[y * img.width + x];
    k++;
  }
  return k ? s / k : NaN;
}

/**
 * Edge diameter (working pixels) of the particle at (x, y) in `lowPassed` (a low-passed working image with
 * zero mean): 2 × the first radius where the ring mean crosses from particle contrast to the background
 * level 0, linearly interpolated; null when it does not within maxRadiusPx. Rotational averaging makes it
 * insensitive to the particle's shape and noise; the zero mean makes it independent of the CTF's sign.
 */
export function edgeDiameter(lowPassed: Image2D, w: number, h: number, x: number, y: number, options: EdgeDiameterOptions): number | null {
  const sign = options.dark === false ? -1 : 1;
  let prev = sign * ringMean(lowPassed, w, h, x, y, 0);
  if (!(prev < 0)) return null;
  for (let r = 1; r <= options.maxRadiusPx; r++) {
    const v = sign * ringMean(lowPassed, w, h, x, y, r);
    if (v >= 0) return 2 * (r - 1 + -prev / (v - prev));
    prev = v;
  }
  return null;
}
