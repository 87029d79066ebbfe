// A second CTF implementation, written from the physics and sharing no code with lib/ctf or lib/synth, and
// micrographs made with it: the CTF the fitter is checked against cannot share a sign or angle error with it.
// Conventions are CTFFIND's: defocus positive = underfocus, Δf₁ ≥ Δf₂ along the axis at `angleDeg`
// counter-clockwise from +x, x = column, y = row, the first row at y = 0 (so sy comes from the row index).
import type { Image2D } from '../../../lib/image.js';
import { fft2d, initFft } from '../../../lib/fft/index.js';

export interface DirectCtf {
  df1A: number;
  df2A: number;
  angleDeg: number;
  kv: number;
  csMm: number;
  ampContrast: number;
  /** Extra phase (phase plate), rad. @default 0 */
  phaseRad?: number;
}

/** λ = h / √(2·m₀·e·V·(1 + eV/(2m₀c²))) from the CODATA constants, in Å. */
export function wavelengthA(kv: number): number {
  const h = 6.62607015e-34;
  const m0 = 9.1093837015e-31;
  const e = 1.602176634e-19;
  const c = 299792458;
  const v = kv * 1e3;
  return (h / Math.sqrt(2 * m0 * e * v * (1 + (e * v) / (2 * m0 * c * c)))) * 1e10;
}

/**
 * CTF(sx, sy) = −sin(γ) with γ = π·λ·Δf(s)·s² − (π/2)·Cs·λ³·s⁴ + asin(A) + phase, where Δf(s) is found by
 * rotating s into the (U, V) frame of the astigmatism: Δf = (Δf₁·su² + Δf₂·sv²)/s².
 */
export function directCtf(p: DirectCtf, sx: number, sy: number): number {
  const lam = wavelengthA(p.kv);
  const t = (p.angleDeg * Math.PI) / 180;
  const su = sx * Math.cos(t) + sy * Math.sin(t);
  const sv = -sx * Math.sin(t) + sy * Math.cos(t);
  const s2 = su * su + sv * sv;
  const gamma = Math.PI * lam * (p.df1A * su * su + p.df2A * sv * sv) - 0.5 * Math.PI * p.csMm * 1e7 * lam ** 3 * s2 * s2 + Math.asin(p.ampContrast) + (p.phaseRad ?? 0);
  return -Math.sin(gamma);
}

/** mulberry32: a small seeded generator, so the micrographs are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DirectMicrographOptions {
  size: number;
  pixelA: number;
  /** Electrons per Å². */
  dose: number;
  ctf: DirectCtf;
  /** Envelope exp(−B·s²/4) on the signal, Å². @default 40 */
  bFactor?: number;
  /** Std (rad) of the specimen's projected phase per 1 Å² (white; per pixel it scales as 1/pixelA). @default 0.06 */
  phaseNoise?: number;
  seed: number;
}

/**
 * Weak-phase image of white phase noise: I = dose·(1 + 2·F⁻¹[CTF·E·Φ]), Φ complex Gaussian, then Poisson
 * counts (normal approximation above 30 e/pixel). Rows y = 0 … size−1; sy = signed row frequency.
 */
export async function directMicrograph(o: DirectMicrographOptions): Promise<Image2D> {
  await initFft();
  const n = o.size;
  const half = n / 2 + 1;
  const rand = rng(o.seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  // Per-pixel phase std σ gives Fourier coefficients of std σ·n/√2 per component (forward transform unnormalised).
  const sigma = ((o.phaseNoise ?? 0.06) / o.pixelA) * (n / Math.SQRT2);
  const b = o.bFactor ?? 40;
  const spec = { width: n, height: n, data: new Float32Array(2 * half * n) };
  for (let ky = 0; ky < n; ky++) {
    const sy = (ky <= n / 2 ? ky : ky - n) / (n * o.pixelA);
    for (let kx = 0; kx < half; kx++) {
      const sx = kx / (n * o.pixelA);
      const w = kx === 0 && ky === 0 ? 0 : 2 * directCtf(o.ctf, sx, sy) * Math.exp((-b * (sx * sx + sy * sy)) / 4) * sigma;
      const i = 2 * (ky * half + kx);
      spec.data[i] = w * gauss();
      spec.data[i + 1] = w * gauss();
    }
  }
  const img = fft2d(n, n).inverse(spec);
  const perPixel = o.dose * o.pixelA * o.pixelA;
  const d = img.data;
  for (let i = 0; i < d.length; i++) {
    const lam = Math.max(0, perPixel * (1 + d[i]));
    if (lam > 30) d[i] = Math.max(0, Math.round(lam + Math.sqrt(lam) * gauss()));
    else {
      let k = 0;
      for (let p = rand(), l = Math.exp(-lam); p > l; p *= rand()) k++;
      d[i] = k;
    }
  }
  return img;
}
