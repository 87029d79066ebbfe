// Curation decisions: each failing criterion is named with its value and limit; missing metrics wait instead of rejecting.
import { describe, expect, it } from 'vitest';
import { describeFailures, judgeMovie, metricsFromResults } from '../../../lib/curation/index.js';

const good = { ctfResolutionA: 3.8, defocusUm: 1.5, astigmatismA: 120, totalDriftA: 12, earlyDriftA: 3, particles: 180, ctfScore: 0.2 };
const thresholds = { maxCtfResolutionA: 5, defocusUm: { min: 0.5, max: 3 }, maxAstigmatismA: 500, maxTotalDriftA: 30, maxEarlyDriftA: 8, particles: { min: 20 }, minCtfScore: 0.05 };

describe('judgeMovie', () => {
  it('a movie inside every threshold is accepted with nothing failing', () => {
    expect(judgeMovie(good, thresholds)).toEqual({ decision: 'accepted', byThresholds: 'accepted', failing: [], pending: [] });
  });

  it('a movie outside several thresholds is rejected and names each one', () => {
    const j = judgeMovie({ ...good, ctfResolutionA: 7.25, defocusUm: 3.4, particles: 3 }, thresholds);
    expect(j.decision).toBe('rejected');
    expect(j.failing.map((f) => f.criterion)).toEqual(['ctfResolution', 'defocus', 'particles']);
    expect(describeFailures(j.failing)).toBe('ctfResolution 7.25 (≤ 5 Å); defocus 3.4 (in [0.5, 3] µm); particles 3 (in [20, ∞])');
  });

  it('a threshold whose metric has not arrived is pending, not failing; ice thickness only when reported', () => {
    const j = judgeMovie({ totalDriftA: 10 }, { maxTotalDriftA: 30, particles: { min: 20 }, iceThicknessNm: { max: 60 } });
    expect(j).toMatchObject({ decision: 'accepted', pending: ['particles', 'iceThickness'], failing: [] });
    expect(judgeMovie({ iceThicknessNm: 85 }, { iceThicknessNm: { max: 60 } }).failing[0]).toMatchObject({ criterion: 'iceThickness', value: 85 });
  });

  it('an override decides but the threshold verdict and its reasons stay visible', () => {
    const o = { decision: 'accepted' as const, by: 'ana', at: '2026-12-05T10:30:00.000Z' };
    const j = judgeMovie({ ...good, earlyDriftA: 9 }, thresholds, o);
    expect(j).toMatchObject({ decision: 'accepted', byThresholds: 'rejected', override: o });
    expect(j.failing.map((f) => f.criterion)).toEqual(['earlyDrift']);
  });
});

describe('metricsFromResults', () => {
  it('takes drift from motioncor, defocus/astigmatism/score/resolution from ctffind, count from pick', () => {
    const m = metricsFromResults({
      motioncor: { motionA: { total: 14.5, early: 2.5, late: 12 } },
      ctffind: { defocusU: 16000, defocusV: 15000, astigmatismAngle: 10, phaseShift: 0, cc: 0.12, fitResolutionA: 4.2, iceThicknessA: 420 },
      pick: { count: 77 },
    });
    expect(m).toEqual({ totalDriftA: 14.5, earlyDriftA: 2.5, defocusUm: 1.55, astigmatismA: 1000, ctfScore: 0.12, ctfResolutionA: 4.2, iceThicknessNm: 42, particles: 77 });
  });
});
