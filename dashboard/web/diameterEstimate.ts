// The session's particle-size estimate for the parameters form: the median of the picked movies' estimates (issue 22).
// Pure, for the form and its unit test.

export interface PickEstimate { pick?: { estimatedDiameterA: number | null } | null }

/** Median estimate (Å) over the movies that have one, and how many; null when none has. */
export function sessionDiameterEstimate(rows: readonly PickEstimate[]): { diameterA: number; micrographs: number } | null {
  const est = rows.map((r) => r.pick?.estimatedDiameterA).filter((d): d is number => typeof d === 'number' && Number.isFinite(d)).sort((a, b) => a - b);
  if (est.length === 0) return null;
  const mid = est.length >> 1;
  return { diameterA: est.length % 2 ? est[mid] : (est[mid - 1] + est[mid]) / 2, micrographs: est.length };
}
