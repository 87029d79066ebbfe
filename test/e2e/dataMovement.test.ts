// End to end: a slowly written share → mirror (CLI child) → bucket → finalize → GPFS layout with matching sha256 and manifest rows.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFinalizeStep } from '../../functions/finalize/handler.js';
import { ArchiveConfig, parseManifest } from '../../lib/archive/index.js';
import { runStep } from '../../lib/steps/index.js';
import { movieObjects } from '../lib/archive/movieFixture.js';
import { startStoreFixture } from '../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../lib/mirror/storeFixture.js';
import { cli, until } from '../lib/mirror/cliChild.js';

let fx: StoreFixture;
let dir: string;
beforeAll(async () => { fx = await startStoreFixture(); dir = await mkdtemp(join(tmpdir(), 'dm-e2e-')); });
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

describe('data movement end to end', () => {
  it('mirrors files growing over seconds once, and finalize archives them with matching sha256 and manifest rows', async () => {
    const share = join(dir, 'share');
    await mkdir(join(share, 'Data'), { recursive: true });
    const movies = ['Data/m1', 'Data/m2'];
    const mirror = cli(['mirror', share, '--prefix', 'raw/e/s/', '--settle', '0.8'], fx.env);
    // The "microscope": each movie grows by 200 kB every 150 ms for ~2 s, interleaved.
    const contents = new Map<string, Buffer>();
    for (let i = 0; i < 14; i++) {
      for (const [j, m] of movies.entries()) {
        const chunk = Buffer.alloc(200_000, (i * 7 + j) & 0xff);
        await appendFile(join(share, `${m}.tif`), chunk);
        contents.set(m, Buffer.concat([contents.get(m) ?? Buffer.alloc(0), chunk]));
      }
      await delay(150);
    }
    await until('both movies uploaded', () => mirror.logs.filter((l) => l.msg === 'uploaded').length === 2);
    mirror.child.kill('SIGTERM');
    expect(await mirror.exited).toBe(0);
    expect(mirror.logs.filter((l) => l.msg === 'uploaded').map((l) => l.key).sort()).toEqual(['raw/e/s/Data/m1.tif', 'raw/e/s/Data/m2.tif']);

    const step = createFinalizeStep(ArchiveConfig.parse({ gpfsRoot: join(dir, 'gpfs') }));
    for (const m of movies) {
      const ref = { experiment: 'e', session: 's', movie: m };
      for (const [k, v] of movieObjects(ref, null).objects) await fx.store.put(k, v);
      const out = await runStep(step, { bucket: 'cryoem', key: `processed/e/s/picks/${m}.json`, force: false }, fx.store, { log: quiet });
      expect(out.status).toBe('done');
    }
    const rows = parseManifest(await readFile(join(dir, 'gpfs/e/s/manifest.tsv'), 'utf8'));
    for (const m of movies) {
      const want = sha(contents.get(m)!);
      expect(sha(await readFile(join(dir, `gpfs/e/s/raw/${m}.tif`)))).toBe(want);
      expect(rows.filter((r) => r.path === `raw/${m}.tif`).map((r) => [r.sha256, r.size, r.key])).toEqual([[want, contents.get(m)!.length, `raw/e/s/${m}.tif`]]);
    }
  }, 60_000);
});
