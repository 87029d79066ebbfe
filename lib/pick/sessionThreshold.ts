// The session's pick threshold (0–1, SessionParams.pickThreshold) as the picker's threshold in σ of the DoG background.

/**
 * σ at pickThreshold 0 and 1. Below ~2 σ the picker returns background noise; clear simulated particles
 * score 10–17 σ, so 22 σ at 1 leaves room to keep only the strongest.
 */
export const PICK_THRESHOLD_SIGMA_RANGE = { min: 2, max: 22 } as const;

/** The picker's own default, 4 σ, on the 0–1 scale (0.1): what an unset session threshold means. */
export const DEFAULT_PICK_THRESHOLD = 0.1;

/**
 * Maps the 0–1 setting linearly onto 2–22 σ. Linear so that the form's number reads as a fraction of a
 * useful σ range (0.1 = the default 4 σ, 0.5 = 12 σ); the result JSON records both numbers.
 */
export function pickThresholdSigma(pickThreshold: number): number {
  if (!(pickThreshold >= 0 && pickThreshold <= 1)) throw new RangeError(`pick threshold must be between 0 and 1, got ${pickThreshold}`);
  const { min, max } = PICK_THRESHOLD_SIGMA_RANGE;
  return min + (max - min) * pickThreshold;
}
