// finalize writes micrographs_selected.star / autopick_selected.star with exactly the accepted movies, to the archive and
// to the bucket, and RELION 3.1 reads them.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFinalizeStep } from '../../../functions/finalize/handler.js';
import { ArchiveConfig } from '../../../lib/archive/index.js';
import { saveThresholds, setOverride } from '../../../lib/curation/index.js';
import { resultKey } from '../../../lib/events/pipeline.js';
import { getStarTable, parseStar, starColumn } from '../../../lib/formats/star/index.js';
import { runStep } from '../../../lib/steps/index.js';
import { movieObjects } from '../../lib/archive/movieFixture.js';
import { startStoreFixture } from '../../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../../lib/mirror/storeFixture.js';

let fx: StoreFixture;
let dir = '';
const session = { experiment: 'e1', session: 's1' };
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
const N = 8;
const movies = Array.from({ length: N }, (_, i) => `m${i}`);

beforeAll(async () => {
  fx = await startStoreFixture();
  dir = await mkdtemp(join(tmpdir(), 'curated-'));
  // Movie i: defocusU 15000 + 1000·i Å, defocusV 1000 Å less → mean defocus 1.45 + 0.1·i µm.
  for (const [i, movie] of movies.entries()) {
    for (const [k, v] of movieObjects({ ...session, movie }, new Uint8Array(100 + i).fill(i), 15000 + 1000 * i).objects) await fx.store.put(k, v);
  }
  // Accept mean defocus ≤ 1.8 µm (m0–m3), and an operator accepts m7 by hand.
  await saveThresholds(fx.store, session, { defocusUm: { max: 1.8 } });
  await setOverride(fx.store, session, 'm7', 'accepted', 'ana', new Date('2026-12-05T10:45:00Z'));
  const step = createFinalizeStep(ArchiveConfig.parse({ gpfsRoot: join(dir, 'gpfs') }));
  for (const movie of movies) {
    const out = await runStep(step, { bucket: 'cryoem', key: resultKey('pick', { ...session, movie }), force: false }, fx.store, { log: quiet });
    expect(out.status).toBe('done');
  }
}, 120_000);
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

const accepted = ['m0', 'm1', 'm2', 'm3', 'm7'];
const relion = (cmd: string, args: string[]): string => execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('curated RELION exports', () => {
  it('the archive has micrographs_ctf.star with all movies and micrographs_selected.star with exactly the accepted ones', async () => {
    const sessionDir = join(dir, 'gpfs/e1/s1');
    const all = getStarTable(parseStar(await readFile(join(sessionDir, 'micrographs_ctf.star'), 'utf8'), 'all'), 'micrographs', 'all');
    expect(starColumn(all, 'rlnMicrographName', 'star')).toEqual(movies.map((m) => `motioncor/${m}.mrc`));
    const sel = parseStar(await readFile(join(sessionDir, 'micrographs_selected.star'), 'utf8'), 'sel');
    expect(starColumn(getStarTable(sel, 'micrographs', 'sel'), 'rlnMicrographName', 'star')).toEqual(accepted.map((m) => `motioncor/${m}.mrc`));
    expect(getStarTable(sel, 'optics', 'sel').rows).toHaveLength(1);
    const coords = parseStar(await readFile(join(sessionDir, 'autopick_selected.star'), 'utf8'), 'coords');
    expect(starColumn(getStarTable(coords, 'coordinate_files', 'coords'), 'rlnMicrographCoordinates', 'star')).toEqual(accepted.map((m) => `picks/${m}.star`));
  });

  it('the bucket holds the same STAR files under processed/<exp>/<session>/ and RELION reads them', async () => {
    for (const name of ['micrographs_ctf.star', 'micrographs_selected.star', 'autopick_selected.star', 'movies.star', 'autopick.star']) {
      await writeFile(join(dir, name), await fx.store.getBytes(`processed/e1/s1/${name}`));
    }
    const printed = relion('relion_star_printtable', ['micrographs_selected.star', 'data_micrographs', 'rlnMicrographName']).trim().split('\n');
    expect(printed).toEqual(accepted.map((m) => `motioncor/${m}.mrc`));
    relion('relion_star_handler', ['--i', 'micrographs_selected.star', '--o', 'handled.star', '--select', 'rlnDefocusU', '--minval', '0']);
    const handled = getStarTable(parseStar(await readFile(join(dir, 'handled.star'), 'utf8'), 'h'), 'micrographs', 'h');
    expect(starColumn(handled, 'rlnMicrographName', 'star')).toEqual(accepted.map((m) => `motioncor/${m}.mrc`));
    // Defocus of m7 survives RELION's round trip: 15000 + 7000 Å.
    expect(Number(starColumn(handled, 'rlnDefocusU', 'star')[4])).toBeCloseTo(22000, 2);
    const coords = relion('relion_star_printtable', ['autopick_selected.star', 'data_coordinate_files', 'rlnMicrographName']).trim().split('\n');
    expect(coords).toEqual(accepted.map((m) => `motioncor/${m}.mrc`));
    const allPrinted = relion('relion_star_printtable', ['micrographs_ctf.star', 'data_micrographs', 'rlnMicrographName']).trim().split('\n');
    expect(allPrinted).toHaveLength(N);
  });
});
