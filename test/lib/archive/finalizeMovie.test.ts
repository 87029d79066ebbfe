// Tests for finalizeMovie on a bucket-shaped folder: layout, manifest, record, idempotent rerun, conflicts, RELION-readable STAR files.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveConfig, createDirSource, finalizeMovie, parseManifest } from '../../../lib/archive/index.js';
import { defaultSessionParams } from '../../../lib/events/sessionParams.js';
import { getStarTable, parseStar } from '../../../lib/formats/star/index.js';
import { movieObjects, writeObjects } from './movieFixture.js';

let dir: string;
let config: ArchiveConfig;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finalize-'));
  config = ArchiveConfig.parse({ gpfsRoot: join(dir, 'gpfs') });
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const params = { ...defaultSessionParams(), pixelSizeA: 0.885, amplitudeContrast: 0.1 };
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

async function setup(movies: string[]): Promise<Map<string, Uint8Array>> {
  const all = new Map<string, Uint8Array>();
  movies.forEach((movie, i) => {
    const raw = new Uint8Array(5000 + i).map((_, j) => (j * (i + 3)) & 0xff);
    for (const [k, v] of movieObjects({ experiment: 'e1', session: 's1', movie }, raw, 15000 + 1000 * i).objects) all.set(k, v);
  });
  await writeObjects(join(dir, 'bucket'), all);
  return all;
}

describe('finalizeMovie', () => {
  it('copies the raw movie and every step output into the session layout with a manifest row each', async () => {
    const objects = await setup(['a/m1']);
    const r = await finalizeMovie({ experiment: 'e1', session: 's1', movie: 'a/m1' }, createDirSource(join(dir, 'bucket')), { config, params, log: quiet });
    const session = join(dir, 'gpfs/e1/s1');
    expect(r.sessionDir).toBe(session);
    expect(r.files.map((f) => f.path)).toEqual([
      'raw/a/m1.tif', 'motioncor/a/m1.mrc', 'motioncor/a/m1.json', 'ctf/a/m1.txt', 'ctf/a/m1.json', 'picks/a/m1.star', 'picks/a/m1.json',
    ]);
    for (const f of r.files) {
      expect(sha(await readFile(join(session, f.path)))).toBe(sha(objects.get(f.key)!));
      expect(f.sha256).toBe(sha(objects.get(f.key)!));
    }
    const rows = parseManifest(await readFile(join(session, 'manifest.tsv'), 'utf8'));
    expect(rows.map((x) => [x.path, x.sha256, x.size])).toEqual(r.files.map((f) => [f.path, f.sha256, f.size]));
    expect(r.tape).toBeNull();
  });

  it('does nothing twice on a rerun', async () => {
    await setup(['m1']);
    const ref = { experiment: 'e1', session: 's1', movie: 'm1' };
    await finalizeMovie(ref, createDirSource(join(dir, 'bucket')), { config, params, log: quiet });
    const again = await finalizeMovie(ref, createDirSource(join(dir, 'bucket')), { config, params, log: quiet });
    expect([again.copied, again.identical, again.manifestRowsAdded]).toEqual([0, 7, 0]);
    expect(parseManifest(await readFile(join(dir, 'gpfs/e1/s1/manifest.tsv'), 'utf8'))).toHaveLength(7);
  });

  it('refuses a different file already at an archive path and keeps both', async () => {
    await setup(['m1']);
    await writeObjects(join(dir, 'gpfs/e1/s1'), new Map([['raw/m1.tif', new Uint8Array([1, 2, 3])]]));
    const err = (await finalizeMovie({ experiment: 'e1', session: 's1', movie: 'm1' }, createDirSource(join(dir, 'bucket')), { config, params, log: quiet }).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('InvalidInputError');
    expect(err.message).toContain(`archive file "${join(dir, 'gpfs/e1/s1/raw/m1.tif')}" exists with different content (size 3`);
    expect([...(await readFile(join(dir, 'gpfs/e1/s1/raw/m1.tif')))]).toEqual([1, 2, 3]);
    expect((await readFile(join(dir, 'bucket/raw/e1/s1/m1.tif'))).length).toBe(5000);
  });

  it('names the missing step result', async () => {
    await setup(['m1']);
    await rm(join(dir, 'bucket/processed/e1/s1/ctf/m1.json'));
    await expect(finalizeMovie({ experiment: 'e1', session: 's1', movie: 'm1' }, createDirSource(join(dir, 'bucket')), { config, params, log: quiet }))
      .rejects.toThrow('movie "m1": ctffind result "processed/e1/s1/ctf/m1.json" does not exist; finalize needs every step\'s result');
  });

  it('keeps session STAR files for all finalized movies that RELION reads', async () => {
    await setup(['m1', 'm2']);
    const source = createDirSource(join(dir, 'bucket'));
    for (const movie of ['m2', 'm1']) await finalizeMovie({ experiment: 'e1', session: 's1', movie }, source, { config, params, log: quiet });
    const session = join(dir, 'gpfs/e1/s1');
    const ctf = parseStar(await readFile(join(session, 'micrographs_ctf.star'), 'utf8'), 'micrographs_ctf.star');
    const mics = getStarTable(ctf, 'micrographs', 'micrographs_ctf.star');
    expect(mics.columns).toEqual(['rlnMicrographName', 'rlnOpticsGroup', 'rlnDefocusU', 'rlnDefocusV', 'rlnCtfAstigmatism', 'rlnDefocusAngle', 'rlnCtfFigureOfMerit', 'rlnCtfMaxResolution']);
    expect(mics.rows).toEqual([['motioncor/m1.mrc', '1', '15000', '14000', '1000', '30.5', '0.123', '4.5'], ['motioncor/m2.mrc', '1', '16000', '15000', '1000', '30.5', '0.123', '4.5']]);
    expect(getStarTable(ctf, 'optics', 'micrographs_ctf.star').rows).toEqual([['opticsGroup1', '1', '0.885', '300', '2.7', '0.1', '0.885']]);
    // RELION's own readers: star_handler parses the optics + micrographs tables and writes them back.
    execFileSync('relion_star_handler', ['--i', join(session, 'micrographs_ctf.star'), '--o', join(dir, 'relion_out.star'), '--select', 'rlnDefocusU', '--minval', '15500'], { stdio: 'pipe' });
    const selected = getStarTable(parseStar(await readFile(join(dir, 'relion_out.star'), 'utf8'), 'out'), 'micrographs', 'relion_out.star');
    expect(selected.rows.map((r) => r[selected.columns.indexOf('rlnMicrographName')])).toEqual(['motioncor/m2.mrc']);
    execFileSync('relion_star_handler', ['--i', join(session, 'movies.star'), '--o', join(dir, 'movies_out.star')], { stdio: 'pipe' });
    expect(getStarTable(parseStar(await readFile(join(dir, 'movies_out.star'), 'utf8'), 'm'), 'movies', 'movies_out.star').rows.length).toBe(2);
    const coords = execFileSync('relion_star_printtable', [join(session, 'autopick.star'), 'data_coordinate_files', 'rlnMicrographName', 'rlnMicrographCoordinates'], { encoding: 'utf8' });
    expect(coords.trim().split('\n').map((l) => l.trim().split(/\s+/))).toEqual([['motioncor/m1.mrc', 'picks/m1.star'], ['motioncor/m2.mrc', 'picks/m2.star']]);
    const picks = execFileSync('relion_star_printtable', [join(session, 'picks/m1.star'), 'data_', 'rlnCoordinateX', 'rlnCoordinateY'], { encoding: 'utf8' });
    expect(picks.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number))).toEqual([[100, 200], [300, 400]]);
  });

  it('writes the ILM policy beside the session and records missing HSM tools as pending', async () => {
    await setup(['m1']);
    const policyFile = join(dir, 'policy.yaml');
    await writeFile(policyFile, 'version: 1\npools: { hsm: { exec: /bin/true } }\nclasses:\n  - { name: raw, paths: [raw/], pool: hsm, premigrate: true, migrateAfterDays: 30 }\n');
    const cfg = ArchiveConfig.parse({ gpfsRoot: join(dir, 'gpfs'), tapePolicyFile: policyFile, tapeApplyCommand: 'no-such-mmapplypolicy', tapePremigrateCommand: 'no-such-dsmmigrate' });
    const r = await finalizeMovie({ experiment: 'e1', session: 's1', movie: 'm1' }, createDirSource(join(dir, 'bucket')), { config: cfg, params, log: quiet });
    const session = join(dir, 'gpfs/e1/s1');
    expect(r.tape?.policyFile).toBe(join(session, 'tape-policy.pol'));
    expect(r.tape?.commands.map((c) => [c.status, c.argv])).toEqual([
      ['pending', ['no-such-mmapplypolicy', session, '-P', join(session, 'tape-policy.pol'), '-I', 'yes']],
      ['pending', ['no-such-dsmmigrate', '-premigrate', '-Detail', join(session, 'raw/m1.tif')]],
    ]);
    expect(JSON.parse(await readFile(join(session, 'tape-status.json'), 'utf8')).pending).toHaveLength(2);
  });
});
