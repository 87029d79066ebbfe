// Builds the dashboard's movie rows from one listing of raw/ and processed/ plus the result and error JSONs (cached by ETag).
import { z } from 'zod';
import { STEP_FOLDER, STEPS } from '../../lib/events/pipeline.js';
import type { ObjectInfo, ObjectStore } from '../../lib/store/index.js';
import { keyInfo } from './keyInfo.js';
import type { MovieRow, StepStatus, UiStep } from './types.js';
import { acquisitionFields } from './acquisition.js';
import { pickInfo } from './pickSummary.js';

/** Result JSONs as written by lib/steps/commit.ts; `results` is the step's own object, read leniently. */
const ResultJson = z.object({ results: z.record(z.string(), z.unknown()).default({}), parameters: z.record(z.string(), z.unknown()).default({}) });
const ErrorJson = z.object({ cause: z.string().default('failed (no cause recorded)') });

interface Seen { raw?: ObjectInfo; results: Map<UiStep, ObjectInfo>; errors: Map<UiStep, ObjectInfo>; outputs: Set<UiStep>; images: MovieRow['images'] }

export interface RowCache { get(key: string, etag: string): unknown; set(key: string, etag: string, value: unknown): void }

/** A bounded in-memory cache of parsed JSON objects, keyed by object key and ETag. */
export function createRowCache(max = 200_000): RowCache {
  const map = new Map<string, { etag: string; value: unknown }>();
  return {
    get: (key, etag) => { const hit = map.get(key); return hit && hit.etag === etag ? hit.value : undefined; },
    set(key, etag, value) {
      if (map.size >= max) map.delete(map.keys().next().value as string);
      map.set(key, { etag, value });
    },
  };
}

async function readJson(store: ObjectStore, cache: RowCache, info: ObjectInfo): Promise<unknown> {
  const hit = cache.get(info.key, info.etag);
  if (hit !== undefined) return hit;
  let value: unknown = null;
  try { value = JSON.parse(new TextDecoder().decode(await store.getBytes(info.key))); } catch { value = null; }
  cache.set(info.key, info.etag, value);
  return value;
}

const num = (o: Record<string, unknown>, ...names: string[]): number | null => {
  for (const n of names) { const v = o[n]; if (typeof v === 'number' && Number.isFinite(v)) return v; }
  return null;
};

/** Path length of the trajectory: Σ|s_i − s_{i−1}| (pixels). */
function pathLength(shifts: [number, number][]): number {
  let total = 0;
  for (let i = 1; i < shifts.length; i++) total += Math.hypot(shifts[i][0] - shifts[i - 1][0], shifts[i][1] - shifts[i - 1][1]);
  return total;
}

const Shifts = z.array(z.tuple([z.number(), z.number()]));

function statusOf(seen: Seen, step: UiStep, prev: StepStatus | 'raw'): StepStatus {
  const result = seen.results.get(step);
  const error = seen.errors.get(step);
  if (error && (!result || error.lastModified > result.lastModified)) return 'failed';
  if (result) return 'done';
  if (prev !== 'raw' && prev !== 'done') return 'waiting';
  return seen.outputs.has(step) ? 'running' : 'queued';
}

const IMAGE_OF: Record<string, keyof MovieRow['images']> = { '.png': 'thumbnail', '_drift.png': 'drift', '_spectrum.png': 'spectrum', '_picks.png': 'picks' };

/** Files every listed object under its movie. */
function collect(objects: ObjectInfo[]): Map<string, Seen> {
  const byMovie = new Map<string, Seen>();
  for (const o of objects) {
    const info = keyInfo(o.key);
    if (!info?.movie) continue;
    let seen = byMovie.get(info.movie);
    if (!seen) byMovie.set(info.movie, (seen = { results: new Map(), errors: new Map(), outputs: new Set(), images: {} }));
    if (info.kind === 'raw') seen.raw = o;
    else if (info.kind === 'result' && info.step) seen.results.set(info.step, o);
    else if (info.kind === 'error' && info.step) seen.errors.set(info.step, o);
    else if (info.kind === 'output' && info.step) {
      seen.outputs.add(info.step);
      const folder = `/${STEP_FOLDER[info.step]}/${info.movie}`;
      const suffix = o.key.slice(o.key.indexOf(folder) + folder.length);
      const slot = IMAGE_OF[suffix];
      if (slot) seen.images[slot] = o.key;
    }
  }
  return byMovie;
}

async function rowOf(store: ObjectStore, cache: RowCache, movie: string, seen: Seen & { raw: ObjectInfo }): Promise<MovieRow> {
  const steps = {} as Record<UiStep, StepStatus>;
  const errors: MovieRow['errors'] = {};
  let prev: StepStatus | 'raw' = 'raw';
  for (const step of STEPS) {
    steps[step] = prev = statusOf(seen, step, prev);
    const err = seen.errors.get(step);
    if (prev === 'failed' && err) errors[step] = ErrorJson.safeParse(await readJson(store, cache, err)).data?.cause ?? 'failed (unreadable error record)';
  }
  const result = async (step: UiStep) => {
    const r = seen.results.get(step);
    return r ? ResultJson.safeParse(await readJson(store, cache, r)).data ?? null : null;
  };
  const [mc, ctf, pick] = [await result('motioncor'), await result('ctffind'), await result('pick')];
  const shifts = mc ? Shifts.safeParse(mc.results.shifts).data ?? null : null;
  const pixel = mc ? num(mc.results, 'pixelSizeA') ?? num(mc.parameters, 'pixelSizeA') ?? 1 : 1;
  // lib/motion writes motionA {total, early, late} (path lengths in Å); older results only have the shifts.
  const motionA = mc && typeof mc.results.motionA === 'object' && mc.results.motionA !== null ? num(mc.results.motionA as Record<string, unknown>, 'total') : null;
  const defocusU = ctf ? num(ctf.results, 'defocusU', 'defocusUA') : null;
  const defocusV = ctf ? num(ctf.results, 'defocusV', 'defocusVA') : null;
  return {
    movie, key: seen.raw.key, size: seen.raw.size, steps, errors,
    ...acquisitionFields(mc?.parameters, seen.raw.lastModified),
    totalDriftA: mc ? motionA ?? num(mc.results, 'totalDriftA') ?? (shifts ? pathLength(shifts) * pixel : null) : null,
    defocusA: ctf ? num(ctf.results, 'defocusA', 'defocus') ?? (defocusU !== null && defocusV !== null ? (defocusU + defocusV) / 2 : defocusU) : null,
    fitResolutionA: ctf ? num(ctf.results, 'fitResolutionA', 'fitResolution', 'resolutionA', 'resolution') : null,
    relativeIceThickness: ctf ? num(ctf.results, 'relativeIceThickness') : null,
    iceThicknessA: ctf ? num(ctf.results, 'iceThicknessA') : null,
    particles: pick ? num(pick.results, 'count', 'particles', 'particleCount') : null,
    pick: pick ? pickInfo(pick.results) : null,
    shifts, images: seen.images,
  };
}

/** Rows for every raw movie in `objects` (a listing of raw/<e>/<s>/ and processed/<e>/<s>/), in acquisition order. */
export async function movieRows(store: ObjectStore, cache: RowCache, objects: ObjectInfo[], concurrency = 16): Promise<MovieRow[]> {
  const entries = [...collect(objects)].filter((e): e is [string, Seen & { raw: ObjectInfo }] => e[1].raw !== undefined);
  const rows: MovieRow[] = new Array(entries.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < entries.length) {
      const i = next++;
      rows[i] = await rowOf(store, cache, entries[i][0], entries[i][1]);
    }
  }));
  return rows.sort((a, b) => a.acquired.localeCompare(b.acquired) || a.movie.localeCompare(b.movie));
}
