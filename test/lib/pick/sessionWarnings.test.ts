// Session-level pick warnings: an empty micrograph among full ones, a collapse, an estimate far from the stated size.
import { describe, expect, it } from 'vitest';
import { sessionPickWarnings } from '../../../lib/pick/index.js';

const row = (movie: string, count: number, estimatedDiameterA: number | null = 80) => ({ movie, count, estimatedDiameterA });
const stated = { minA: 80, maxA: 80 };

describe('sessionPickWarnings', () => {
  it('says nothing for a steady session at the stated size', () => {
    expect(sessionPickWarnings([60, 55, 62, 58, 61, 59, 57, 60, 63, 58].map((c, i) => row(`m${i}`, c)), stated)).toEqual([]);
  });

  it('flags a micrograph with no picks when the others have many, but not in a sparse session', () => {
    const full = [row('m1', 60), row('m2', 0, null), row('m3', 58)];
    expect(sessionPickWarnings(full, stated)).toEqual(['1 micrograph with no picks while the session median is 58: m2']);
    expect(sessionPickWarnings([row('m1', 3), row('m2', 0, null), row('m3', 4)], stated)).toEqual([]);
  });

  it('flags a collapse: the last 5 medians 4 against 60 before (under 25 %)', () => {
    const rows = [60, 61, 59, 62, 60, 4, 3, 5, 4, 6].map((c, i) => row(`m${i}`, c));
    expect(sessionPickWarnings(rows, stated)).toEqual(['picks collapsed: median 4 over the last 5 micrographs, 60 before']);
  });

  it('says "estimated 62 Å, you entered 90 Å" when the median estimate is under 0.8 × the stated size', () => {
    const rows = [row('a', 50, 62), row('b', 52, 61), row('c', 49, 64)];
    expect(sessionPickWarnings(rows, { minA: 90, maxA: 90 })).toEqual(['estimated particle diameter 62 Å, you entered 90 Å']);
    expect(sessionPickWarnings(rows, { minA: 70, maxA: 110 })).toEqual([]);
  });
});
