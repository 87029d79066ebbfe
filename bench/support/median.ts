// The median of a benchmark's repeated timings (the upper middle one for an even count).
export function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}
