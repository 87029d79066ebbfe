// Exposures per hour from the movies' times: interval rate, acquisition times preferred, upload times labelled, no rate from one movie.
import { describe, expect, it } from 'vitest';
import { exposureRate, exposureRateText } from '../../dashboard/server/exposureRate.js';

const t0 = Date.UTC(2026, 11, 5, 10, 0, 0);
/** n movies every `everyS` seconds from t0 (+ offsetS), with the given time source. */
const every = (n: number, everyS: number, source?: string, offsetS = 0) =>
  Array.from({ length: n }, (_, i) => ({ acquired: new Date(t0 + (offsetS + i * everyS) * 1000).toISOString(), ...(source ? { acquiredSource: source } : {}) }));

describe('exposureRate', () => {
  it('30 movies over 15 minutes (one every 30 s) from the microscope: 120/h', () => {
    const r = exposureRate(every(30, 30, 'epu-xml'));
    expect(r.perHour).toBeCloseTo(120, 9);
    expect(r).toMatchObject({ basis: 'acquisition', movies: 30, spanS: 29 * 30 });
    expect(exposureRateText(r)).toBe('exposures/hour: 120 (from acquisition times, 30 movies)');
  });

  it('one movie has no rate and shows "—"', () => {
    const r = exposureRate(every(1, 30, 'mdoc'));
    expect(r).toMatchObject({ perHour: null, basis: null });
    expect(exposureRateText(r)).toBe('exposures/hour: —');
    expect(exposureRateText(exposureRate([]))).toBe('exposures/hour: —');
  });

  it('movies with the same time give no rate rather than infinity', () => {
    expect(exposureRate(every(5, 0, 'mdoc')).perHour).toBeNull();
  });

  it('without acquisition times it falls back to upload times and says so', () => {
    // 13 uploads, one every 5 min: 12 per hour.
    const r = exposureRate(every(13, 300));
    expect(r.perHour).toBeCloseTo(12, 9);
    expect(exposureRateText(r)).toBe('exposures/hour: 12 (from upload times; no acquisition time known, 13 movies)');
  });

  it('never mixes clocks: recorded times decide when two or more exist; late uploads are ignored', () => {
    // 10 movies recorded every 60 s (60/h), uploaded in a burst an hour later; 3 more known only by upload time.
    const rows = [...every(10, 60, 'mdoc'), ...every(3, 1, 'upload', 3600)];
    expect(exposureRate(rows)).toMatchObject({ basis: 'acquisition', movies: 10, perHour: 60 });
    // A single recorded time cannot make a rate: the upload times of the rest do.
    const one = [...every(1, 60, 'mdoc'), ...every(4, 600, 'upload', 3600)];
    expect(exposureRate(one)).toMatchObject({ basis: 'upload', movies: 4, perHour: 6 });
  });
});
