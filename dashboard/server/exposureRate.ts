// Exposures per hour over a session, from when the movies were recorded; upload times only when no recording time is known.
// Pure (no node imports): the session page computes it live from its rows, the tests from plain objects.

export interface TimedMovie {
  /** ISO time (MovieRow.acquired). */
  acquired: string;
  /** 'upload' (or absent) when `acquired` is the object's upload time, else the metadata source (MovieRow.acquiredSource). */
  acquiredSource?: string;
}

export interface ExposureRate {
  /** Exposures per hour; null with fewer than two timed movies or no time between them. */
  perHour: number | null;
  /** Which clock the rate is from; null when there is no rate. */
  basis: 'acquisition' | 'upload' | null;
  /** Movies the rate was computed from. */
  movies: number;
  /** First to last time of those movies, seconds. */
  spanS: number;
}

const isUpload = (m: TimedMovie): boolean => m.acquiredSource === undefined || m.acquiredSource === 'upload';

/**
 * (n − 1) exposures in the time from the first to the last: the interval rate, so a movie every 30 s gives
 * 120/h whatever n is. Acquisition and upload times are never mixed (uploads lag by the transfer, in bursts):
 * two or more recorded times decide alone; otherwise the upload times of the others, labelled as such.
 */
export function exposureRate(rows: readonly TimedMovie[]): ExposureRate {
  const recorded = rows.filter((r) => !isUpload(r));
  const [basis, used] = recorded.length >= 2 ? ['acquisition' as const, recorded] : ['upload' as const, rows.filter(isUpload)];
  const times = used.map((r) => Date.parse(r.acquired)).filter(Number.isFinite);
  if (times.length < 2) return { perHour: null, basis: null, movies: times.length, spanS: 0 };
  const spanS = (Math.max(...times) - Math.min(...times)) / 1000;
  if (spanS <= 0) return { perHour: null, basis: null, movies: times.length, spanS: 0 };
  return { perHour: ((times.length - 1) / spanS) * 3600, basis, movies: times.length, spanS };
}

/** "exposures/hour: 120 (from acquisition times of 30 movies)", or "—" when there is no rate. */
export function exposureRateText(r: ExposureRate): string {
  if (r.perHour === null) return 'exposures/hour: —';
  const from = r.basis === 'acquisition' ? 'acquisition times' : 'upload times; no acquisition time known';
  return `exposures/hour: ${Math.round(r.perHour)} (from ${from}, ${r.movies} movies)`;
}
