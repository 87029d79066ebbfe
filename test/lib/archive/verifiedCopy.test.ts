// Tests for verifiedCopy: hashes, idempotent skip, refusal to overwrite, full disk, leftovers of a killed copy.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError, InvalidInputError } from '../../../lib/errors.js';
import { openFileSink, verifiedCopy } from '../../../lib/archive/index.js';
import type { CopySource, OpenSink } from '../../../lib/archive/index.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'vcopy-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
function source(bytes: Uint8Array, extra: Partial<CopySource> = {}): CopySource {
  return {
    label: 'raw/e/s/m.tif', size: bytes.length,
    async open() {
      return (async function* () { for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000); })();
    },
    ...extra,
  };
}
const bytes = new Uint8Array(25_000).map((_, i) => (i * 7) & 0xff);

/** A sink that fails with ENOSPC once `limit` bytes were written, like a full file system. */
const fullDisk = (limit: number): OpenSink => async (path) => {
  const real = await openFileSink(path);
  let written = 0;
  return {
    ...real,
    async write(chunk) {
      if (written + chunk.length > limit) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      written += chunk.length;
      await real.write(chunk);
    },
  };
};

describe('verifiedCopy', () => {
  it('copies into new folders and reports the sha256 of the bytes', async () => {
    const dest = join(dir, 'a/b/m.tif');
    const r = await verifiedCopy(source(bytes), dest);
    expect(r).toEqual({ path: dest, size: bytes.length, sha256: sha(bytes), status: 'copied' });
    expect(sha(await readFile(dest))).toBe(sha(bytes));
    expect(await readdir(join(dir, 'a/b'))).toEqual(['m.tif']);
  });

  it('skips an identical existing file without rewriting it', async () => {
    const dest = join(dir, 'm.tif');
    await verifiedCopy(source(bytes), dest);
    let opened = 0;
    const r = await verifiedCopy(source(bytes, { sha256: sha(bytes), open: async () => { opened++; return (async function* () { yield bytes; })(); } }), dest);
    expect(r.status).toBe('identical');
    expect(opened).toBe(0);
  });

  it('refuses to overwrite a different existing file and leaves it as it was', async () => {
    const dest = join(dir, 'm.tif');
    await writeFile(dest, 'other content');
    const err = await verifiedCopy(source(bytes), dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toBe(
      `archive file "${dest}" exists with different content (size 13, sha256 ${sha('other content')}); ` +
      `source "raw/e/s/m.tif" has size ${bytes.length}, sha256 ${sha(bytes)}: not overwritten`);
    expect(await readFile(dest, 'utf8')).toBe('other content');
  });

  it('fails on a full disk with no file under the final name and no temporary left', async () => {
    const dest = join(dir, 'm.tif');
    const err = await verifiedCopy(source(bytes), dest, { openSink: fullDisk(10_000) }).catch((e: unknown) => e as Error);
    expect(describeError(err)).toBe(`archive copy of "raw/e/s/m.tif" to "${dest}": ENOSPC: no space left on device, write`);
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects a source whose bytes do not match its ingest sha256', async () => {
    const dest = join(dir, 'm.tif');
    const err = await verifiedCopy(source(bytes, { sha256: sha('x') }), dest).catch((e: unknown) => e);
    expect(describeError(err)).toBe(`archive copy of "raw/e/s/m.tif" to "${dest}": sha256 ${sha(bytes)} differs from the ingest checksum ${sha('x')}`);
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes a temporary left by a dead copier before copying', async () => {
    const dead = `.m.tif.${hostname()}.999999999.abcd.partial`;
    await writeFile(join(dir, dead), 'half');
    await verifiedCopy(source(bytes), join(dir, 'm.tif'));
    expect(await readdir(dir)).toEqual(['m.tif']);
  });
});
