// A session with thresholds in curation.json: rejected movies name their criteria, an override sticks, and new thresholds re-judge without reprocessing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curationKey, judgeSession, saveThresholds, setOverride } from '../../../lib/curation/index.js';
import { resultKey } from '../../../lib/events/pipeline.js';
import { startStoreFixture } from '../mirror/storeFixture.js';
import type { StoreFixture } from '../mirror/storeFixture.js';

let fx: StoreFixture;
const session = { experiment: 'e', session: 's' };
// Movie i: fit resolution 3 + i Å, early drift i Å, 50·i particles.
const N = 6;
beforeAll(async () => {
  fx = await startStoreFixture();
  for (let i = 0; i < N; i++) {
    const ref = { ...session, movie: `m${i}` };
    await fx.store.put(resultKey('motioncor', ref), JSON.stringify({ results: { motionA: { total: 10 + i, early: i, late: 10 } } }));
    await fx.store.put(resultKey('ctffind', ref), JSON.stringify({ results: { defocusU: 15000, defocusV: 14800, astigmatismAngle: 0, phaseShift: 0, cc: 0.1, fitResolutionA: 3 + i } }));
    await fx.store.put(resultKey('pick', ref), JSON.stringify({ results: { count: 50 * i } }));
  }
});
afterAll(async () => { await fx.stop(); });

describe('session curation', () => {
  it('without thresholds everything is accepted', async () => {
    const j = await judgeSession(fx.store, session);
    expect([j.accepted, j.rejected]).toEqual([N, 0]);
  });

  it('thresholds reject m0 (too few particles) and m4, m5 (resolution, m5 also early drift), naming each criterion', async () => {
    await saveThresholds(fx.store, session, { maxCtfResolutionA: 6.5, maxEarlyDriftA: 4.5, particles: { min: 10 } });
    const j = await judgeSession(fx.store, session);
    const rejected = Object.fromEntries(j.movies.filter((m) => m.decision === 'rejected').map((m) => [m.movie, m.failing.map((f) => f.criterion)]));
    expect(rejected).toEqual({ m0: ['particles'], m4: ['ctfResolution'], m5: ['ctfResolution', 'earlyDrift'] });
    expect([j.accepted, j.rejected]).toEqual([3, 3]);
  });

  it('an operator override sticks through re-judging with new thresholds, and records who and when', async () => {
    const at = new Date('2026-12-05T10:40:00Z');
    await setOverride(fx.store, session, 'm4', 'accepted', 'ana', at, 'good ice, resolution limited by drift');
    await saveThresholds(fx.store, session, { maxCtfResolutionA: 5.5 });
    const j = await judgeSession(fx.store, session);
    const m4 = j.movies.find((m) => m.movie === 'm4');
    expect(m4).toMatchObject({ decision: 'accepted', byThresholds: 'rejected', override: { by: 'ana', at: '2026-12-05T10:40:00.000Z' } });
    expect(j.movies.filter((m) => m.decision === 'rejected').map((m) => m.movie)).toEqual(['m3', 'm5']);
    const stored = JSON.parse(new TextDecoder().decode(await fx.store.getBytes(curationKey(session))));
    expect(stored.overrides.m4.by).toBe('ana');
  });

  it('bad thresholds are refused naming the field', async () => {
    await expect(saveThresholds(fx.store, session, { defocusUm: { min: 3, max: 1 } })).rejects.toThrow(/curation thresholds: defocusUm\.max: min must be ≤ max/);
  });
});
