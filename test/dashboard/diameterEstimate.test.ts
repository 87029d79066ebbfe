// The parameters form's "estimated N Å from M micrographs": the median over the movies with an estimate.
import { describe, expect, it } from 'vitest';
import { sessionDiameterEstimate } from '../../dashboard/web/diameterEstimate.js';

const row = (d: number | null | undefined) => ({ pick: d === undefined ? null : { estimatedDiameterA: d } });

describe('sessionDiameterEstimate', () => {
  it('median of the estimates, skipping movies with none (nothing picked, not picked yet)', () => {
    expect(sessionDiameterEstimate([row(76), row(null), row(80), row(undefined), row(74)])).toEqual({ diameterA: 76, micrographs: 3 });
    expect(sessionDiameterEstimate([row(70), row(80)])).toEqual({ diameterA: 75, micrographs: 2 });
  });
  it('no estimate at all → null', () => {
    expect(sessionDiameterEstimate([row(null), row(undefined)])).toBeNull();
  });
});
