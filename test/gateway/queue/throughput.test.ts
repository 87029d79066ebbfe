// Throughput from the calls journal: nearest-rank percentiles by hand, and /system/queue + /system/throughput over real calls.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JournalEntry } from '../../../gateway/queue/callJournal.js';
import { nearestRank, throughputOf } from '../../../gateway/queue/throughput.js';
import { startGatewayHarness, type GatewayHarness } from '../../support/gatewayHarness.js';

const attempt = (fn: string, status: number | null, seconds: number): JournalEntry => ({ time: '2026-01-01T00:00:00.000Z', callId: 'c', function: fn, event: 'attempt', status, seconds });
const done = (fn: string, movie: string): JournalEntry => ({ time: '2026-01-01T00:00:00.000Z', callId: 'c', function: fn, event: 'done', movie, status: 200 });

describe('throughputOf', () => {
  it.each([
    [[], 50, null],
    [[7], 95, 7],
    // 20 values 1..20: p50 is the 10th (ceil(0.5·20) = 10), p95 the 19th (ceil(0.95·20) = 19).
    [Array.from({ length: 20 }, (_, i) => i + 1), 50, 10],
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
    [[1, 2, 3], 50, 2],
    [[1, 2, 3], 95, 3],
  ])('nearest rank of %j at p%d is %j', (values, p, expected) => {
    expect(nearestRank(values, p)).toBe(expected);
  });

  it('counts successes, failures and distinct finalized movies per hour', () => {
    const entries = [
      attempt('motioncor', 503, 0.1), attempt('motioncor', 200, 4), attempt('motioncor', 200, 2), attempt('motioncor', null, 0),
      attempt('finalize', 200, 1), done('finalize', 'e/s/m1'), done('finalize', 'e/s/m1'), done('finalize', 'e/s/m2'), done('pick', 'e/s/m3'),
    ];
    // 30 minutes: 2 movies → 4 per hour.
    expect(throughputOf(entries, 1800)).toEqual({
      windowSeconds: 1800, moviesFinalized: 2, moviesPerHour: 4,
      steps: [
        { function: 'finalize', succeeded: 1, failed: 0, p50Seconds: 1, p95Seconds: 1 },
        { function: 'motioncor', succeeded: 2, failed: 2, p50Seconds: 2, p95Seconds: 4 },
      ],
    });
  });
});

describe('/system/queue and /system/throughput', () => {
  let h: GatewayHarness;
  let n = 0;
  beforeAll(async () => {
    h = await startGatewayHarness([
      { name: 'motioncor', handle: () => ({ status: ++n <= 2 ? 503 : 200, body: '{}' }) },
      { name: 'finalize' },
    ]);
  });
  afterAll(() => h?.close());

  it('reports the calls just made and needs the admin', async () => {
    const call = (fn: string, key: string) => fetch(`${h.url}/async-function/${fn}`, { method: 'POST', headers: { ...h.admin, 'content-type': 'application/json' }, body: JSON.stringify({ bucket: 'cryoem', key }) });
    await call('motioncor', 'raw/e/s/m1.tif');
    for (const m of ['m1', 'm2', 'm1']) await call('finalize', `processed/e/s/picks/${m}.json`);
    await vi.waitFor(() => expect(h.fakes.received.get('motioncor')?.length).toBe(3));
    await vi.waitFor(() => expect(h.queue.depth('finalize').inflight + h.queue.depth('motioncor').inflight).toBe(0));
    const queue = await (await fetch(`${h.url}/system/queue`, { headers: h.admin })).json();
    expect(queue).toEqual({ queued: 0, inflight: 0, functions: [{ name: 'motioncor', queued: 0, inflight: 0 }, { name: 'finalize', queued: 0, inflight: 0 }] });
    await vi.waitFor(async () => {
      const t = (await (await fetch(`${h.url}/system/throughput?minutes=30`, { headers: h.admin })).json()) as { moviesFinalized: number; moviesPerHour: number; steps: { function: string; succeeded: number; failed: number }[] };
      expect(t.moviesFinalized).toBe(2);
      expect(t.moviesPerHour).toBe(4);
      expect(t.steps.map((s) => [s.function, s.succeeded, s.failed])).toEqual([['finalize', 3, 0], ['motioncor', 1, 2]]);
    });
    expect((await fetch(`${h.url}/system/throughput`)).status).toBe(401);
    expect((await fetch(`${h.url}/system/queue`)).status).toBe(401);
    const bad = await fetch(`${h.url}/system/throughput?minutes=0`, { headers: h.admin });
    expect(bad.status).toBe(400);
  });
});
