// The DoG picker's Gaussian pair from the particle radius (Voss et al. 2009; Appion apDog.py).

export interface DogSigmas {
  /** Narrow Gaussian σ₁, pixels. */
  sigma1: number;
  /** Wide Gaussian σ₂ = k·σ₁, pixels. */
  sigma2: number;
  /** Radii (pixels) the pair responds to best: pixrad ± pixrad·(k−1)/√k. */
  sizeBand: [number, number];
}

/**
 * Appion apDog.py: E(k) = √((k²−1)/(2k²·ln k)), σ₁ = E(k)·pixrad, σ₂ = k·σ₁ (Appion blurs σ₁ then
 * σ′ = σ₁·√(k²−1), which composes to k·σ₁). The DoG G_σ₁ − G_σ₂ then peaks on blobs of radius pixrad.
 */
export function dogSigmas(radiusPx: number, k = 1.2): DogSigmas {
  const e = Math.sqrt((k * k - 1) / (2 * k * k * Math.log(k)));
  const sigma1 = e * radiusPx;
  const d = (radiusPx * (k - 1)) / Math.sqrt(k);
  return { sigma1, sigma2: k * sigma1, sizeBand: [radiusPx - d, radiusPx + d] };
}
