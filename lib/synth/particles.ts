// Random particle positions with a minimum separation, and their projected density as Gaussian-sum "proteins".
import type { Image2D } from '../image.js';
import type { Rng } from './random.js';

export interface ParticleCentre {
  x: number;
  y: number;
}

export interface PlaceParticlesOptions {
  /** Minimum centre-to-centre distance, pixels. @default diameterPx */
  minSeparationPx?: number;
  /** Keep centres at least this far from the image edges, pixels. @default diameterPx / 2 */
  marginPx?: number;
  /** Dart-throwing attempts per wanted particle before giving up (denser requests yield fewer particles). @default 50 */
  attemptsPerParticle?: number;
}

/** Dart throwing: up to `count` centres (pixel coordinates, row y of the micrograph), pairwise ≥ minSeparation apart. */
export function placeParticles(rng: Rng, width: number, height: number, count: number, diameterPx: number, options: PlaceParticlesOptions = {}): ParticleCentre[] {
  const sep = options.minSeparationPx ?? diameterPx;
  const margin = options.marginPx ?? diameterPx / 2;
  const cell = Math.max(1, sep);
  const gw = Math.ceil(width / cell);
  const grid = new Map<number, ParticleCentre[]>();
  const out: ParticleCentre[] = [];
  const maxTries = count * (options.attemptsPerParticle ?? 50);
  for (let t = 0; t < maxTries && out.length < count; t++) {
    const p = { x: margin + rng.next() * (width - 2 * margin), y: margin + rng.next() * (height - 2 * margin) };
    const gx = Math.floor(p.x / cell);
    const gy = Math.floor(p.y / cell);
    let ok = true;
    for (let j = gy - 1; j <= gy + 1 && ok; j++) {
      for (let i = gx - 1; i <= gx + 1 && ok; i++) {
        for (const q of grid.get(j * gw + i) ?? []) if (Math.hypot(q.x - p.x, q.y - p.y) < sep) ok = false;
      }
    }
    if (!ok) continue;
    out.push(p);
    const key = gy * gw + gx;
    grid.set(key, [...(grid.get(key) ?? []), p]);
  }
  return out;
}

export interface RenderParticlesOptions {
  /** Gaussian sub-units per particle. @default 8 */
  blobs?: number;
  /** Peak projected value of a lone sub-unit (the caller scales to phase). @default 1 */
  amplitude?: number;
}

/**
 * Adds each particle's projected density into `into`: `blobs` Gaussians (σ = diameter/8) at random
 * offsets within 0.3·diameter of the centre, re-centred so their mean offset is exactly the centre.
 */
export function renderParticles(rng: Rng, into: Image2D, centres: ParticleCentre[], diameterPx: number, options: RenderParticlesOptions = {}): void {
  const n = options.blobs ?? 8;
  const amp = options.amplitude ?? 1;
  const sigma = diameterPx / 8;
  const inv2s2 = 1 / (2 * sigma * sigma);
  const reach = Math.ceil(0.3 * diameterPx + 3.5 * sigma);
  const { width: w, height: h, data } = into;
  for (const c of centres) {
    const offs = Array.from({ length: n }, () => {
      const r = 0.3 * diameterPx * Math.sqrt(rng.next());
      const a = 2 * Math.PI * rng.next();
      return [r * Math.cos(a), r * Math.sin(a)];
    });
    const mx = offs.reduce((s, o) => s + o[0], 0) / n;
    const my = offs.reduce((s, o) => s + o[1], 0) / n;
    const blobs = offs.map(([ox, oy]) => [c.x + ox - mx, c.y + oy - my]);
    const x0 = Math.max(0, Math.floor(c.x - reach));
    const x1 = Math.min(w - 1, Math.ceil(c.x + reach));
    for (let y = Math.max(0, Math.floor(c.y - reach)); y <= Math.min(h - 1, Math.ceil(c.y + reach)); y++) {
      for (let x = x0; x <= x1; x++) {
        let v = 0;
        for (const [bx, by] of blobs) v += Math.exp(-((x - bx) ** 2 + (y - by) ** 2) * inv2s2);
        data[y * w + x] += amp * v;
      }
    }
  }
}
