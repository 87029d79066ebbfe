// The first pass of 8-bit TIFF movies on worker threads (countBandTask) keeps the same frames, hot pixels and cache as sharp's path.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTiffMovie, writeTiffMovie } from '../../../lib/formats/tiff/index.js';
import type { Image2D } from '../../../lib/image.js';
import { openFrameSet } from '../../../lib/motion/frameSet.js';
import type { FrameSet, RawFrame } from '../../../lib/motion/frameSet.js';
import { createWorkerPool } from '../../../lib/parallel/workerPool.js';
import type { WorkerPool } from '../../../lib/parallel/workerPool.js';

let dir = '';
let pool: WorkerPool;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiff-count-pass-'));
  pool = createWorkerPool({ maxThreads: 2 });
});

afterAll(async () => {
  await pool?.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** Counts 0–3, a hot pixel at (5, 3) in every frame, cosmic-ray-like bright pixels; `brightEvery` 4 makes a frame too bright for nibbles. */
function frame(width: number, height: number, seed: number, brightEvery = 53): Image2D {
  let s = seed;
  const data = Float32Array.from({ length: width * height }, (_, p) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    if (p === 3 * width + 5) return 120;
    if (p % brightEvery === seed % 7) return 16 + (s % 200);
    return (s >>> 16) % 4;
  });
  return { width, height, data };
}

/** A frame set's contents as plain numbers, to compare two of them. */
function contents(set: FrameSet): unknown {
  const raw = (r: RawFrame | null): unknown => (r === null ? null : 'nibbles' in r ? { nibbles: Array.from(r.nibbles), over: r.over ? [Array.from(r.over.index), Array.from(r.over.count)] : null } : Array.from(r));
  return { raw: set.raw.map(raw), bad: Array.from(set.bad), hot: set.hotPixels, mask: Array.from(set.mask) };
}

describe('TIFF first pass on the threads', () => {
  it.each([
    ['width a multiple of 4, LZW', 40, 'lzw'],
    ['even width not a multiple of 4, LZW', 38, 'lzw'],
    ['uncompressed', 40, 'none'],
  ] as const)('matches the sharp path: %s', async (_, width, compression) => {
    const frames = [1, 2, 3, 4].map((k) => frame(width, 30, k, k === 3 ? 4 : 53)); // frame 2 is too bright for nibbles
    const path = join(dir, `m${width}${compression}.tif`);
    await writeTiffMovie(path, frames, { bitsPerSample: 8, compression, stripBytes: width * 4 });
    const threaded = await openTiffMovie(path);
    const plain = await openTiffMovie(path);
    expect(threaded.stripPlan(0)?.strips.length).toBeGreaterThan(4);
    const bytes = (width * 30) >> 1;
    // Caches of every frame, and of the first frame only: the same frames are kept either way.
    const tasks: string[] = [];
    const watched: WorkerPool = { ...pool, run: (m, input, t) => { tasks.push(m.pathname.split('/').pop() ?? ''); return pool.run(m, input, t); } };
    for (const cacheBytes of [1 << 30, bytes + 64]) {
      const a = await openFrameSet(threaded, { pool: watched, cacheBytes });
      const b = await openFrameSet(plain, { cacheBytes });
      expect(contents(a)).toEqual(contents(b));
      expect(Array.from(a.bad)).toContain(3 * width + 5); // the hot pixel, where it is in the image (both readers flip the TIFF rows back)
    }
    // Every page in two bands (two threads), each band on a thread.
    expect(tasks).toEqual(new Array(16).fill('countBandTask.ts'));
    await threaded.close();
    await plain.close();
  });

  it('decodes libtiff\'s own LZW the same way', async () => {
    const frames = [1, 2].map((k) => frame(40, 24, k));
    const plainPath = join(dir, 'for-tiffcp.tif');
    await writeTiffMovie(plainPath, frames, { bitsPerSample: 8, compression: 'none' });
    const lzw = join(dir, 'tiffcp.tif');
    execFileSync('tiffcp', ['-c', 'lzw', '-r', '5', plainPath, lzw]);
    const a = await openFrameSet(await openTiffMovie(lzw), { pool });
    const b = await openFrameSet(await openTiffMovie(plainPath), {});
    expect(contents(a)).toEqual(contents(b));
  });
});
