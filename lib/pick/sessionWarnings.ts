// Session-level pick warnings for the dashboard/curation: empty micrographs among full ones, a collapse, a size mismatch.

export interface SessionPickRow {
  movie: string;
  /** Pick count of the movie's result; in acquisition order. */
  count: number;
  estimatedDiameterA: number | null;
}

export interface SessionPickWarningsOptions {
  /** A zero is flagged when the session median is at least this. @default 10 */
  minMedian?: number;
  /** Collapse: the median of the last `recent` movies is under `collapseFraction` of the earlier median. @default 5 */
  recent?: number;
  /** @default 0.25 */
  collapseFraction?: number;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : 0;
}

/**
 * Sentences for the session's curation panel. A single micrograph with no pick is normal on an empty
 * hole; one with none while the session's median is ≥ minMedian is not, and neither is a session whose
 * recent picks fall to a fraction of what came before (diameter changed, focus lost, ice thickened).
 */
export function sessionPickWarnings(rows: SessionPickRow[], stated: { minA: number; maxA: number }, options: SessionPickWarningsOptions = {}): string[] {
  const out: string[] = [];
  const all = median(rows.map((r) => r.count));
  const zeros = rows.filter((r) => r.count === 0).map((r) => r.movie);
  if (zeros.length && all >= (options.minMedian ?? 10)) {
    out.push(`${zeros.length} micrograph${zeros.length > 1 ? 's' : ''} with no picks while the session median is ${all}: ${zeros.slice(0, 5).join(', ')}${zeros.length > 5 ? ', …' : ''}`);
  }
  const recent = options.recent ?? 5;
  if (rows.length >= 2 * recent) {
    const before = median(rows.slice(0, -recent).map((r) => r.count));
    const last = median(rows.slice(-recent).map((r) => r.count));
    if (before > 0 && last < (options.collapseFraction ?? 0.25) * before) out.push(`picks collapsed: median ${last} over the last ${recent} micrographs, ${before} before`);
  }
  const est = rows.map((r) => r.estimatedDiameterA).filter((d): d is number => d !== null);
  if (est.length) {
    const e = median(est);
    if (e < 0.8 * stated.minA || e > 1.25 * stated.maxA) {
      out.push(`estimated particle diameter ${Math.round(e)} Å, you entered ${stated.minA === stated.maxA ? stated.minA : `${stated.minA}–${stated.maxA}`} Å`);
    }
  }
  return out;
}
