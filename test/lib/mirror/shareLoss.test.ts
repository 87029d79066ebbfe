// A share that disappears mid-run is reported loudly and retried with backoff; never shown as "0 waiting".
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../lib/log.js';
import { startMirror } from '../../../lib/mirror/index.js';
import { until } from './cliChild.js';
import { startStoreFixture } from './storeFixture.js';
import type { StoreFixture } from './storeFixture.js';

let fx: StoreFixture;
let dir = '';
beforeAll(async () => { fx = await startStoreFixture(); dir = await mkdtemp(join(tmpdir(), 'share-loss-')); });
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

interface Line { level: string; msg: string; key?: string; share?: string; error?: string }

describe('startMirror with a share that goes away', () => {
  it('reports the loss as an error, shows it on the progress line, and resumes when the share is back', async () => {
    const share = join(dir, 'krios');
    await mkdir(share);
    await writeFile(join(share, 'a.tif'), 'first');
    const lines: Line[] = [];
    const progress: string[] = [];
    const log = createLogger('mirror', {}, (l) => void lines.push(JSON.parse(l) as Line));
    const m = startMirror(share, fx.client, fx.store, {
      prefix: 'raw/e/loss/', settleMs: 100, progress: (l) => void progress.push(l), progressIntervalMs: 50, shareMaxBackoffMs: 200, log,
    });
    await until('a.tif uploaded', () => lines.some((l) => l.msg === 'uploaded' && l.key === 'raw/e/loss/a.tif'));

    await rm(share, { recursive: true });
    await until('the loss reported', () => lines.some((l) => l.level === 'error' && l.msg.startsWith('share unavailable')));
    expect(lines.find((l) => l.msg.startsWith('share unavailable'))?.error).toMatch(new RegExp(`^share "${share}" is unavailable \\(.*ENOENT`));
    expect(m.stats().shareError).toContain(`share "${share}" is unavailable`);
    const lostFrom = progress.length;
    await until('a progress line while lost', () => progress.length > lostFrom + 1);
    expect(progress.slice(lostFrom + 1).every((l) => l.startsWith(`mirror: SHARE UNAVAILABLE: share "${share}"`) && !l.includes('waiting'))).toBe(true);

    await mkdir(share);
    await writeFile(join(share, 'b.tif'), 'second');
    await until('b.tif uploaded after the share came back', () => lines.some((l) => l.msg === 'uploaded' && l.key === 'raw/e/loss/b.tif'));
    expect(lines.some((l) => l.msg === 'share available again; rescanning')).toBe(true);
    const stats = await m.stop();
    expect(stats).toMatchObject({ shareError: null, uploaded: 2 });
  });

  it('with once, gives up after the allowed looks and says why', async () => {
    const lines: Line[] = [];
    const log = createLogger('mirror', {}, (l) => void lines.push(JSON.parse(l) as Line));
    const missing = join(dir, 'never-mounted');
    const stats = await startMirror(missing, fx.client, fx.store, { prefix: 'raw/e/none/', once: true, progress: null, shareRetries: 3, shareMaxBackoffMs: 50, log }).done;
    expect(stats.shareError).toMatch(new RegExp(`^share "${missing}" is unavailable \\(.*ENOENT`));
    expect(lines.filter((l) => l.msg === 'share still unavailable')).toHaveLength(2);
  });
});
