// The picker's pieces on hand-checkable inputs: Appion σ pair, peak finding with NMS/border/band, matching.
import { describe, expect, it } from 'vitest';
import { dogSigmas, findPeaks, matchPicks } from '../../../lib/pick/index.js';

describe('dogSigmas (Appion apDog.py)', () => {
  it('k = 1.2, radius 10 px: E = √(0.44/(2.88·ln 1.2)) = 0.91541, σ₁ = 9.1541, σ₂ = 10.9849, band 10 ± 1.8257', () => {
    const s = dogSigmas(10, 1.2);
    expect(s.sigma1).toBeCloseTo(9.1541, 3);
    expect(s.sigma2).toBeCloseTo(10.9849, 3);
    expect(s.sizeBand[0]).toBeCloseTo(8.1743, 3);
    expect(s.sizeBand[1]).toBeCloseTo(11.8257, 3);
  });
});

describe('findPeaks', () => {
  const map = (w: number, h: number, spots: [number, number, number][]) => {
    const data = new Float32Array(w * h);
    for (const [x, y, v] of spots) data[y * w + x] = v;
    return { width: w, height: h, data };
  };

  it('keeps local maxima in the threshold band, strongest first, and suppresses the weaker of a close pair', () => {
    const m = map(20, 20, [[5, 5, 3], [7, 5, 2], [15, 15, 5], [10, 12, 9], [12, 3, 0.5]]);
    const p = findPeaks(m, { threshold: 1, maxThreshold: 8, minDistance: 3 });
    // (10,12) is too strong (band), but still suppresses nothing nearby; (7,5) is within 3 px of (5,5).
    expect(p.map((q) => [q.x, q.y, q.value])).toEqual([[15, 15, 5], [5, 5, 3]]);
  });

  it('drops peaks within the border (x < 3 or x > 20 − 1 − 3) of the region and ignores the padding outside it', () => {
    const m = map(20, 20, [[2, 10, 4], [10, 10, 3], [16, 10, 5]]);
    expect(findPeaks(m, { border: 3 }).map((q) => q.x)).toEqual([16, 10]);
    expect(findPeaks(m, { border: 3, width: 16 }).map((q) => q.x)).toEqual([10]);
  });

  it('refines to sub-pixel by a parabola through the neighbours', () => {
    const m = map(9, 9, [[4, 4, 4], [5, 4, 2], [3, 4, 1], [4, 3, 1], [4, 5, 1]]);
    const [p] = findPeaks(m, {});
    // x: offset 0.5·(1 − 2)/(1 − 8 + 2) = 0.1; y symmetric: 0.
    expect(p.x).toBeCloseTo(4.1, 6);
    expect(p.y).toBe(4);
  });
});

describe('matchPicks', () => {
  it('matches one-to-one within the distance, closest pairs first', () => {
    const truth = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 50, y: 50 }];
    const picks = [{ x: 1, y: 0 }, { x: 0.5, y: 0 }, { x: 12, y: 0 }, { x: 80, y: 80 }];
    expect(matchPicks(picks, truth, 3)).toEqual({ matched: 2, recall: 2 / 3, precision: 2 / 4 });
    expect(matchPicks([], truth, 3)).toEqual({ matched: 0, recall: 0, precision: 1 });
  });
});
