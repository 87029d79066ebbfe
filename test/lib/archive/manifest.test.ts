// Tests for the session manifest: format, de-duplication, and appends from concurrent processes.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendManifestRows, MANIFEST_COLUMNS, parseManifest, withFileLock } from '../../../lib/archive/index.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'manifest-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const row = (i: number) => ({ time: '2024-01-01T00:00:00.000Z', sha256: String(i).padStart(64, 'a'), size: i, path: `raw/m${i}.tif`, key: `raw/e/s/m${i}.tif`, etag: `etag${i}` });
const writer = fileURLToPath(new URL('./manifestWriter.ts', import.meta.url));

function runWriter(name: string, count: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, name, String(count)], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

describe('appendManifestRows', () => {
  it('writes a header once and one tab-separated row per file', async () => {
    await appendManifestRows(dir, [row(1), row(2)]);
    await appendManifestRows(dir, [row(3)]);
    const text = await readFile(join(dir, 'manifest.tsv'), 'utf8');
    expect(text.split('\n')[0]).toBe(MANIFEST_COLUMNS.join('\t'));
    expect(text.split('\n')[1]).toBe(`2024-01-01T00:00:00.000Z\t${row(1).sha256}\t1\traw/m1.tif\traw/e/s/m1.tif\tetag1`);
    expect(parseManifest(text)).toEqual([row(1), row(2), row(3)]);
  });

  it('does not append a row twice for the same path and sha256', async () => {
    expect(await appendManifestRows(dir, [row(1), row(2)])).toHaveLength(2);
    expect(await appendManifestRows(dir, [row(2), row(1)])).toEqual([]);
    expect(parseManifest(await readFile(join(dir, 'manifest.tsv'), 'utf8'))).toHaveLength(2);
  });

  it('rejects a field with a tab', async () => {
    await expect(appendManifestRows(dir, [{ ...row(1), key: 'a\tb' }])).rejects.toThrow('manifest field "a\tb": tabs and newlines are not allowed');
  });

  it('keeps every row whole when four processes append at once', async () => {
    const codes = await Promise.all(['p0', 'p1', 'p2', 'p3'].map((n) => runWriter(n, 40)));
    expect(codes).toEqual([0, 0, 0, 0]);
    const text = await readFile(join(dir, 'manifest.tsv'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('time\t'))).toHaveLength(1);
    expect(lines).toHaveLength(1 + 160);
    const rows = parseManifest(text);
    expect(rows).toHaveLength(160);
    expect(new Set(rows.map((r) => r.path)).size).toBe(160);
  }, 30_000);
});

describe('withFileLock', () => {
  it('takes over a lock left by a dead process', async () => {
    const lock = join(dir, 'x.lock');
    await writeFile(lock, JSON.stringify({ host: (await import('node:os')).hostname(), pid: 999999999, token: 't' }));
    expect(await withFileLock(lock, async () => 'ran', { timeoutMs: 2000 })).toBe('ran');
  });

  it('times out naming the lock while a live process holds it', async () => {
    const lock = join(dir, 'y.lock');
    await writeFile(lock, JSON.stringify({ host: (await import('node:os')).hostname(), pid: process.pid, token: 't' }));
    await expect(withFileLock(lock, async () => 'ran', { timeoutMs: 100 })).rejects.toThrow(`lock "${lock}": still held after 100 ms`);
  });
});
