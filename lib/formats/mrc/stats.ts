// Header statistics (dmin, dmax, dmean, rms) accumulated section by section, as numpy computes them.

export interface MrcStats {
  dmin: number;
  dmax: number;
  dmean: number;
  /** Population standard deviation (numpy `std()`, what mrcfile writes and validates as rms). */
  rms: number;
}

/** Accumulates min, max, mean and standard deviation over any number of value arrays (float64 sums). */
export class StatsAccumulator {
  private n = 0;
  private sum = 0;
  private sumSq = 0;
  private min = Infinity;
  private max = -Infinity;
  private shift: number | undefined;

  add(values: ArrayLike<number>): void {
    if (values.length === 0) return;
    // Sums are taken about the first value to avoid cancellation in sumSq − n·mean².
    const k = (this.shift ??= values[0]);
    let s = 0;
    let s2 = 0;
    let lo = this.min;
    let hi = this.max;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      const d = v - k;
      s += d;
      s2 += d * d;
    }
    this.min = lo;
    this.max = hi;
    this.sum += s;
    this.sumSq += s2;
    this.n += values.length;
  }

  result(): MrcStats {
    if (this.n === 0) return { dmin: 0, dmax: -1, dmean: -2, rms: -1 }; // MRC2014 "undetermined" markers
    const meanD = this.sum / this.n;
    const variance = Math.max(0, this.sumSq / this.n - meanD * meanD);
    return { dmin: this.min, dmax: this.max, dmean: (this.shift ?? 0) + meanD, rms: Math.sqrt(variance) };
  }
}

/** Statistics of all values of several arrays (e.g. every section of a stack). */
export function computeMrcStats(arrays: ArrayLike<number>[]): MrcStats {
  const acc = new StatsAccumulator();
  for (const a of arrays) acc.add(a);
  return acc.result();
}
