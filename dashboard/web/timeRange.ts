// Time-axis range for few points: uPlot's auto range around one point (or a minute of points) spans years.

/** At least `minSpanS` seconds centred on the data; wider data keeps its own range plus 2 % margins. */
export function timeAxisRange(min: number | null, max: number | null, minSpanS = 600): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) {
    const now = Date.now() / 1000;
    return [now - minSpanS, now];
  }
  const span = max - min;
  if (span < minSpanS) {
    const mid = (min + max) / 2;
    return [mid - minSpanS / 2, mid + minSpanS / 2];
  }
  return [min - span * 0.02, max + span * 0.02];
}
