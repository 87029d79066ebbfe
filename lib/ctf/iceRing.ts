// Relative ice thickness from the water ring: vitreous ice scatters into a broad ring near 3.7 Å, and the thicker the
// ice, the more power there. cryoSPARC's Patch CTF reports this as "relative ice thickness" (the power in the ice band
// relative to the background around it); RELION calls it rlnCtfIceRingDensity ("power of the image in the ice ring
// frequency range (0.25–0.28 Å⁻¹)"). Comparable within a data set, not across microscopes or detectors.
import type { Image2D } from '../image.js';

/** The ice band of RELION's rlnCtfIceRingDensity, and the flanks either side that stand for the background, 1/Å. */
export const ICE_BAND: readonly [number, number] = [0.25, 0.28];
const FLANKS: readonly (readonly [number, number])[] = [[0.21, 0.24], [0.29, 0.32]];

/**
 * Mean amplitude of the raw (not background-subtracted) centred spectrum in the ice band ÷ the average of its two
 * flanks' means (a linear background across the band):
 * about 1 without ice, larger with more. Rings average out across each band. null when the spectrum's Nyquist is below
 * the outer flank (pixel > 1.56 Å).
 */
export function relativeIceThickness(spectrum: Image2D, pixelSizeA: number): number | null {
  const n = spectrum.width;
  const c = n / 2;
  const inv = 1 / (n * pixelSizeA);
  if (FLANKS[1][1] > 0.5 / pixelSizeA) return null;
  let band = 0; let bandN = 0;
  const flank = [0, 0];
  const flankN = [0, 0];
  const r2 = (s: number): number => (s / inv) ** 2;
  const [b0, b1] = [r2(ICE_BAND[0]), r2(ICE_BAND[1])];
  const f = FLANKS.map(([a, b]) => [r2(a), r2(b)]);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const d2 = (x - c) * (x - c) + (y - c) * (y - c);
    const v = spectrum.data[y * n + x];
    if (d2 >= b0 && d2 < b1) { band += v; bandN++; }
    else for (let j = 0; j < 2; j++) if (d2 >= f[j][0] && d2 < f[j][1]) { flank[j] += v; flankN[j]++; }
  }
  // Each flank's own mean, then their average: the outer annulus has more pixels and would weigh more.
  const background = flankN[0] && flankN[1] ? (flank[0] / flankN[0] + flank[1] / flankN[1]) / 2 : 0;
  return bandN && background > 0 ? band / bandN / background : null;
}
