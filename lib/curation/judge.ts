// The pure curation decision: metrics + thresholds (+ an operator's override) → accepted or rejected, failing criteria named.
import type { CurationOverride, CurationThresholds } from './thresholds.js';

/** One movie's numbers as the steps reported them; absent = that step has not reported (yet). */
export interface MovieMetrics {
  ctfResolutionA?: number;
  /** Mean of defocusU and defocusV, µm (underfocus positive). */
  defocusUm?: number;
  astigmatismA?: number;
  totalDriftA?: number;
  earlyDriftA?: number;
  particles?: number;
  iceThicknessNm?: number;
  /** Water-ring ratio of the CTF step (about 1 = no ice). */
  relativeIceThickness?: number;
  ctfScore?: number;
}

export type Criterion = 'ctfResolution' | 'defocus' | 'astigmatism' | 'totalDrift' | 'earlyDrift' | 'particles' | 'iceThickness' | 'relativeIceThickness' | 'ctfScore';

export interface Failure {
  criterion: Criterion;
  value: number;
  /** e.g. "≤ 5 Å" or "in [0.5, 3] µm". */
  limit: string;
}

export interface Judgement {
  decision: 'accepted' | 'rejected';
  /** What the thresholds alone say; differs from `decision` when an override applies. */
  byThresholds: 'accepted' | 'rejected';
  failing: Failure[];
  /** Criteria with a threshold whose metric has not arrived; they do not reject. */
  pending: Criterion[];
  override?: CurationOverride;
}

type Check = { criterion: Criterion; value: number | undefined; ok: (v: number) => boolean; limit: string } | null;

function range(criterion: Criterion, value: number | undefined, r: { min?: number; max?: number } | undefined, unit: string): Check {
  if (!r || (r.min === undefined && r.max === undefined)) return null;
  const lo = r.min ?? -Infinity;
  const hi = r.max ?? Infinity;
  return { criterion, value, ok: (v) => v >= lo && v <= hi, limit: `in [${r.min ?? '−∞'}, ${r.max ?? '∞'}]${unit}` };
}

function atMost(criterion: Criterion, value: number | undefined, max: number | undefined, unit: string): Check {
  return max === undefined ? null : { criterion, value, ok: (v) => v <= max, limit: `≤ ${max}${unit}` };
}

/** Judges one movie. Pure: the same inputs always give the same judgement, so changing thresholds re-judges without reprocessing. */
export function judgeMovie(m: MovieMetrics, t: CurationThresholds, override?: CurationOverride): Judgement {
  const checks: Check[] = [
    atMost('ctfResolution', m.ctfResolutionA, t.maxCtfResolutionA, ' Å'),
    range('defocus', m.defocusUm, t.defocusUm, ' µm'),
    atMost('astigmatism', m.astigmatismA, t.maxAstigmatismA, ' Å'),
    atMost('totalDrift', m.totalDriftA, t.maxTotalDriftA, ' Å'),
    atMost('earlyDrift', m.earlyDriftA, t.maxEarlyDriftA, ' Å'),
    range('particles', m.particles, t.particles, ''),
    range('iceThickness', m.iceThicknessNm, t.iceThicknessNm, ' nm'),
    atMost('relativeIceThickness', m.relativeIceThickness, t.maxRelativeIceThickness, ''),
    t.minCtfScore === undefined ? null : { criterion: 'ctfScore', value: m.ctfScore, ok: (v) => v >= (t.minCtfScore as number), limit: `≥ ${t.minCtfScore}` },
  ];
  const failing: Failure[] = [];
  const pending: Criterion[] = [];
  for (const c of checks) {
    if (c === null) continue;
    if (c.value === undefined || !Number.isFinite(c.value)) pending.push(c.criterion);
    else if (!c.ok(c.value)) failing.push({ criterion: c.criterion, value: c.value, limit: c.limit });
  }
  const byThresholds = failing.length === 0 ? 'accepted' : 'rejected';
  return { decision: override?.decision ?? byThresholds, byThresholds, failing, pending, ...(override ? { override } : {}) };
}

/** "ctfResolution 7.2 (≤ 5 Å); particles 3 (in [20, ∞])" for tables and logs. */
export function describeFailures(failing: readonly Failure[]): string {
  return failing.map((f) => `${f.criterion} ${Number(f.value.toPrecision(4))} (${f.limit})`).join('; ');
}
