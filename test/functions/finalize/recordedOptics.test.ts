// The STAR files' data_optics carry the optics each movie was processed with (motioncor's recorded values: person >
// movie metadata > defaults), not the session defaults; finalize and the dashboard's bucket export agree.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFinalizeStep } from '../../../functions/finalize/handler.js';
import { ArchiveConfig, exportBucketStarFiles } from '../../../lib/archive/index.js';
import { resultKey } from '../../../lib/events/pipeline.js';
import { SessionParams } from '../../../lib/events/sessionParams.js';
import { getStarTable, parseStar } from '../../../lib/formats/star/index.js';
import { runStep } from '../../../lib/steps/index.js';
import { movieObjects } from '../../lib/archive/movieFixture.js';
import { startStoreFixture } from '../../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let dir = '';
const session = { experiment: 'e', session: 'o' };
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const text = async (key: string) => new TextDecoder().decode(await fx.store.getBytes(key));

beforeAll(async () => {
  fx = await startStoreFixture();
  dir = await mkdtemp(join(tmpdir(), 'recorded-optics-'));
  // a: an EPU movie motioncor processed at 0.83 Å/px, 200 kV, binned 2×. b: an older result that recorded no optics.
  for (const movie of ['a', 'b']) for (const [k, v] of movieObjects({ ...session, movie }, new Uint8Array(64).fill(1)).objects) await fx.store.put(k, v);
  const mcKey = resultKey('motioncor', { ...session, movie: 'a' });
  const mc = JSON.parse(await text(mcKey)) as Record<string, unknown>;
  await fx.store.put(mcKey, JSON.stringify({ ...mc, parameters: { pixelSizeA: 0.83, voltageKv: 200, binning: 2, optics: { pixelSizeA: { value: 0.83, source: 'metadata:epu' } } } }));
  const step = createFinalizeStep(ArchiveConfig.parse({ gpfsRoot: join(dir, 'gpfs') }));
  for (const movie of ['a', 'b']) expect((await runStep(step, { bucket: 'cryoem', key: resultKey('pick', { ...session, movie }), force: false }, fx.store, { log: quiet })).status).toBe('done');
}, 60_000);
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

describe('optics in the session STAR files', () => {
  it('each movie in its own optics group with the values motioncor used; defaults only where nothing was recorded', async () => {
    const star = parseStar(await text('processed/e/o/micrographs_ctf.star'), 'ctf');
    const optics = getStarTable(star, 'optics', 'ctf');
    const col = (name: string) => optics.rows.map((r) => r[optics.columns.indexOf(name)]);
    // SessionParams defaults (no session.json): 1 Å/px, 300 kV, no binning.
    const d = SessionParams.parse({});
    expect(col('rlnMicrographOriginalPixelSize')).toEqual(['0.83', String(d.pixelSizeA)]);
    expect(col('rlnVoltage')).toEqual(['200', String(d.voltageKv)]);
    expect(col('rlnMicrographPixelSize')).toEqual(['1.66', String(d.pixelSizeA * d.binning)]);
    const mics = getStarTable(star, 'micrographs', 'ctf');
    expect(mics.rows.map((r) => [r[0], r[mics.columns.indexOf('rlnOpticsGroup')]])).toEqual([['motioncor/a.mrc', '1'], ['motioncor/b.mrc', '2']]);
  });

  it('the dashboard export rebuilds the same files from the bucket', async () => {
    const names = ['movies.star', 'micrographs_ctf.star', 'micrographs_selected.star'];
    const byFinalize = await Promise.all(names.map((n) => text(`processed/e/o/${n}`)));
    const out = await exportBucketStarFiles(fx.store, session, SessionParams.parse({}));
    expect(out).toMatchObject({ accepted: 2, rejected: 0, skipped: [] });
    expect(await Promise.all(names.map((n) => text(`processed/e/o/${n}`)))).toEqual(byFinalize);
  });
});
