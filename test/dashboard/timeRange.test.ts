// A session recorded in one minute gets a ten-minute time axis, not years.
import { describe, expect, it } from 'vitest';
import { timeAxisRange } from '../../dashboard/web/timeRange.js';

describe('timeAxisRange', () => {
  const t = Date.UTC(2026, 11, 5, 10, 0, 0) / 1000;
  it('one point: ten minutes centred on it', () => {
    expect(timeAxisRange(t, t)).toEqual([t - 300, t + 300]);
  });
  it('points within a minute: still ten minutes, centred', () => {
    expect(timeAxisRange(t, t + 60)).toEqual([t - 270, t + 330]);
  });
  it('an eight-hour session keeps its range with 2 % margins', () => {
    const [a, b] = timeAxisRange(t, t + 8 * 3600);
    expect(a).toBeCloseTo(t - 576, 6);
    expect(b).toBeCloseTo(t + 8 * 3600 + 576, 6);
  });
});
