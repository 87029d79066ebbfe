// The first pass over an 8-bit TIFF movie on the worker threads: each page's strips decoded in bands (countBandTask)
// straight into the frame's nibbles and a hot-pixel lane set, instead of sharp's page buffer plus a pass on this thread.
import { endianness } from 'node:os';
import type { TiffMovieReader } from '../formats/tiff/index.js';
import type { WorkerPool } from '../parallel/workerPool.js';
import type { CountBand, CountBandInput } from './countBandTask.js';
import { compactShared, rawFrameBytes, shared } from './framePacking.js';
import type { NibbleOverflow, RawFrame } from './framePacking.js';
import type { HotPixelSum } from './hotPixelSum.js';
import { COUNT_BAND_TASK } from './taskModules.js';

/** A page counted on the threads ('packed': its nibbles are complete), or to be read as bytes again ('bytes'; `summed`: its counts are in the sum already). */
export type PageCount = { kind: 'packed'; over?: NibbleOverflow } | { kind: 'bytes'; summed: boolean };

export type PageCounter = (page: number, nibbles: Uint8Array | null) => Promise<PageCount>;

/**
 * A counter of `movie`'s pages on `pool`, or null where this path does not apply: pages that are not 8-bit counts in
 * plain or LZW strips, an odd width, a big-endian host, or a hot-pixel sum kept in floats (over 257 frames).
 * Each thread adds into its own lane set at a time (HotPixelSum.laneSlots), so no two threads add to the same lanes.
 */
export function tiffPageCounter(movie: TiffMovieReader, pool: WorkerPool, sum: HotPixelSum | null): PageCounter | null {
  if (endianness() !== 'LE' || movie.width % 2 !== 0 || movie.stripPlan(0) === null) return null;
  const slots = sum ? sum.laneSlots(pool.threads) : Array.from({ length: pool.threads }, () => null);
  if (!slots) return null;
  const n = movie.width * movie.height;
  const maxBright = n >> 5; // packOverflow's limit: past it a byte per pixel is as small
  const free: (Uint32Array | null)[] = [...slots];
  const waiting: ((lanes: Uint32Array | null) => void)[] = [];
  const band = async (input: Omit<CountBandInput, 'lanes'>): Promise<CountBand> => {
    const lanes = free.length > 0 ? (free.pop() as Uint32Array | null) : await new Promise<Uint32Array | null>((r) => waiting.push(r));
    try {
      return await pool.run<CountBandInput, CountBand>(COUNT_BAND_TASK, { ...input, lanes });
    } finally {
      const next = waiting.shift();
      if (next) next(lanes);
      else free.push(lanes);
    }
  };
  return async (page, nibbles) => {
    const plan = movie.stripPlan(page);
    if (!plan) return { kind: 'bytes', summed: false };
    const strips = plan.strips.length;
    const parts = Math.min(strips, pool.threads);
    const bands = await Promise.all(Array.from({ length: parts }, (_, b) => band({ plan, first: Math.floor((b * strips) / parts), last: Math.floor(((b + 1) * strips) / parts), nibbles, maxBright })));
    const total = bands.reduce((a, b) => a + b.index.length, 0);
    if (bands.some((b) => b.tooBright) || total > maxBright) return { kind: 'bytes', summed: true };
    if (total === 0) return { kind: 'packed' };
    const order = bands.flatMap((b) => b.index.map((p, j) => [p, b.count[j]] as const)).sort((x, y) => x[0] - y[0]);
    const index = shared(Int32Array, total);
    const count = shared(Uint16Array, total);
    order.forEach(([p, c], j) => { index[j] = p; count[j] = c; });
    return { kind: 'packed', over: { index, count } };
  };
}

/**
 * Every page through `count`, `depth` ahead, each cached in 4-bit nibbles while the cache stays within `budget` bytes
 * (as openFrameSet's first pass keeps frames). Pages counted as 'bytes' are read again (sharp), added to the sum if
 * they are not in it yet, and kept as compactShared keeps them.
 */
export async function countPages(movie: TiffMovieReader, count: PageCounter, sum: HotPixelSum | null, budget: number, depth: number): Promise<(RawFrame | null)[]> {
  const n = movie.width * movie.height;
  const bytes = (n + 1) >> 1;
  const raw: (RawFrame | null)[] = [];
  let cached = 0;
  let reserved = 0; // nibbles handed to pages still being counted
  const ahead: Promise<[Uint8Array | null, PageCount]>[] = [];
  const fetch = (i: number): void => {
    const nibbles = cached + reserved + bytes <= budget ? shared(Uint8Array, bytes) : null;
    if (nibbles) reserved += bytes;
    const p = count(i, nibbles).then((r): [Uint8Array | null, PageCount] => [nibbles, r]);
    p.catch(() => undefined); // rethrown when its turn comes
    ahead.push(p);
  };
  for (let i = 0; i < Math.min(depth, movie.frameCount); i++) fetch(i);
  try {
    for (let i = 0; i < movie.frameCount; i++) {
      const [nibbles, r] = await (ahead.shift() as Promise<[Uint8Array | null, PageCount]>);
      if (nibbles) reserved -= bytes;
      let c: RawFrame | null = null;
      if (r.kind === 'packed') {
        if (nibbles) c = r.over ? { nibbles, over: r.over } : { nibbles };
      } else if (!r.summed || cached + bytes <= budget) {
        const s = (await movie.readSamples?.(i)) ?? (await movie.readFrame(i)).data;
        if (!r.summed && sum) sum.add(s);
        c = cached + bytes <= budget ? compactShared(s) : null;
      }
      if (c && cached + rawFrameBytes(c) > budget) c = null;
      raw.push(c);
      cached += c ? rawFrameBytes(c) : 0;
      if (i + depth < movie.frameCount) fetch(i + depth);
    }
  } finally {
    await Promise.allSettled(ahead);
  }
  return raw;
}
