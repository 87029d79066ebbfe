// Micrographs of a thick sample made from the physics, sharing no code with lib/ctf: the specimen is a stack of
// independent thin layers spread evenly over the thickness, each imaged at its own defocus (Δf + z) with the direct
// CTF, and vitreous ice in every layer scatters into a ring near 3.7 Å. No sinc, node or ring-ratio formula appears
// here: the Thon-ring nodes and the growth of the water ring with thickness come out of the layer sum itself.
import type { Image2D } from '../../../lib/image.js';
import { fft2d, initFft } from '../../../lib/fft/index.js';
import { directCtf } from './directCtf.js';
import type { DirectCtf } from './directCtf.js';

export interface ThickSampleOptions {
  size: number;
  pixelA: number;
  /** Electrons per Å². */
  dose: number;
  ctf: DirectCtf;
  /** Sample thickness, Å. */
  thicknessA: number;
  /** Layers the thickness is cut into (enough that Δz·λ·s² ≪ 1 at Nyquist). @default 24 */
  layers?: number;
  /** Std (rad per Å²) of the particles' projected phase, split over the layers; independent of thickness. @default 0.08 */
  phaseNoise?: number;
  /** Std (rad per Å² per 1,000 Å of ice) of the ice's phase at the peak of its ring; scales with √thickness. @default 0.1 */
  iceNoise?: number;
  /** Envelope exp(−B·s²/4), Å². @default 20 */
  bFactor?: number;
  seed: number;
}

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

/** The water ring of vitreous ice: a Gaussian bump in |s| at 1/3.7 Å⁻¹, σ 0.012 Å⁻¹. */
const iceRing = (s: number): number => Math.exp(-((s - 1 / 3.7) ** 2) / (2 * 0.012 ** 2));

/**
 * Weak-phase image I = dose·(1 + 2·F⁻¹[Σ_layers CTF(Δf + z)·E·Φ_layer]) with Poisson counts; Φ_layer is complex
 * Gaussian white noise (particles, std ∝ 1/√layers) plus ring-shaped noise (ice, variance ∝ thickness/layers).
 */
export async function thickSampleMicrograph(o: ThickSampleOptions): Promise<Image2D> {
  await initFft();
  const n = o.size;
  const half = n / 2 + 1;
  const layers = o.layers ?? 24;
  const rand = rng(o.seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const perCoef = (n / Math.SQRT2) / o.pixelA;
  const sigmaP = ((o.phaseNoise ?? 0.08) * perCoef) / Math.sqrt(layers);
  const sigmaI = ((o.iceNoise ?? 0.1) * perCoef * Math.sqrt(o.thicknessA / 1000)) / Math.sqrt(layers);
  const b = o.bFactor ?? 20;
  const ctfs = Array.from({ length: layers }, (_, j) => {
    const z = o.thicknessA * ((j + 0.5) / layers - 0.5);
    return { ...o.ctf, df1A: o.ctf.df1A + z, df2A: o.ctf.df2A + z };
  });
  const spec = { width: n, height: n, data: new Float32Array(2 * half * n) };
  for (let ky = 0; ky < n; ky++) {
    const sy = (ky <= n / 2 ? ky : ky - n) / (n * o.pixelA);
    for (let kx = 0; kx < half; kx++) {
      if (kx === 0 && ky === 0) continue;
      const sx = kx / (n * o.pixelA);
      const s = Math.hypot(sx, sy);
      const env = 2 * Math.exp((-b * s * s) / 4);
      const ice = sigmaI * iceRing(s);
      // Each layer's noise is independent, so their CTF-weighted sum is Gaussian with variance Σ CTF_layer²·(σP² + ice²):
      // one draw per component instead of one per layer (the nodes come from this layer sum, not from a formula).
      let sumSq = 0;
      for (const c of ctfs) sumSq += directCtf(c, sx, sy) ** 2;
      const sd = env * Math.sqrt(sumSq * (sigmaP * sigmaP + ice * ice));
      const re = sd * gauss();
      const im = sd * gauss();
      const i = 2 * (ky * half + kx);
      spec.data[i] = re;
      spec.data[i + 1] = im;
    }
  }
  const img = fft2d(n, n).inverse(spec);
  const perPixel = o.dose * o.pixelA * o.pixelA;
  const d = img.data;
  for (let i = 0; i < d.length; i++) {
    const lam = Math.max(0, perPixel * (1 + d[i]));
    d[i] = Math.max(0, Math.round(lam + Math.sqrt(lam) * gauss()));
  }
  return img;
}
