// The session STAR files rebuilt from the bucket alone, for a curation change made in the dashboard: the records finalize
// keeps in the archive are rebuilt from its result JSONs (what it archived, its folder layout) and the step results, then
// written with the same builders finalize uses (curatedStar.ts) under processed/<exp>/<session>/.
import { z } from 'zod';
import { judgeAll, loadCuration } from '../curation/index.js';
import type { CurationSettings, JudgedMovie, StepResultsOfMovie } from '../curation/index.js';
import { processedPrefix, STEP_FOLDER } from '../events/pipeline.js';
import type { MovieRef, StepName } from '../events/pipeline.js';
import type { SessionParams } from '../events/sessionParams.js';
import type { ObjectStore } from '../store/index.js';
import { buildMovieRecord } from './buildMovieRecord.js';
import { ArchiveFolders } from './config.js';
import { buildBucketStarFiles } from './curatedStar.js';
import { ArchivedFile } from './movieRecord.js';
import type { MovieRecord } from './movieRecord.js';

type Store = Pick<ObjectStore, 'head' | 'getBytes' | 'list' | 'put'>;
type SessionRef = Pick<MovieRef, 'experiment' | 'session'>;

/** The parts of finalize's result JSON (functions/finalize/handler.ts) a record needs. */
const FinalizeResultJson = z.object({
  results: z.object({ files: z.array(ArchivedFile).min(1) }),
  parameters: z.object({ folders: ArchiveFolders }),
  timings: z.object({ startedAt: z.string() }).optional(),
});
const StepJson = z.object({ results: z.unknown().optional(), parameters: z.unknown().optional() });
type StepJson = z.infer<typeof StepJson>;

export interface BucketStarExport {
  accepted: number;
  rejected: number;
  /** Keys written. Empty when no movie of the session is finalized yet (nothing to list). */
  keys: string[];
  /** Finalized movies left out, with why (a step result removed by a reprocess in flight, an unreadable result). */
  skipped: { movie: string; reason: string }[];
  /** The curation judgement the files follow (what GET .../curation answers), so a caller need not judge again. */
  judgement: { settings: CurationSettings; movies: JudgedMovie[]; accepted: number; rejected: number };
}

/** Result JSON keys of one step's folder with their ETags. */
async function folderKeys(store: Store, ref: SessionRef, step: StepName): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const o of store.list(`${processedPrefix(ref)}${STEP_FOLDER[step]}/`)) if (o.key.endsWith('.json')) out.set(o.key, o.etag);
  return out;
}

/** movie → parsed result JSON of `step` (unparseable ones → Error), a few reads at a time: no HEAD, one GET per listed key. */
async function readFolder(store: Store, ref: SessionRef, step: StepName, keys: Iterable<string>, concurrency: number): Promise<Map<string, unknown>> {
  const prefix = `${processedPrefix(ref)}${STEP_FOLDER[step]}/`;
  const list = [...keys];
  const out = new Map<string, unknown>();
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, async () => {
    while (next < list.length) {
      const key = list[next++];
      let value: unknown;
      try { value = JSON.parse(new TextDecoder().decode(await store.getBytes(key))); } catch (err) { value = new Error(`"${key}": ${(err as Error).message}`); }
      out.set(key.slice(prefix.length, -'.json'.length), value);
    }
  }));
  return out;
}

async function exportOnce(store: Store, ref: SessionRef, params: SessionParams, finalized: Map<string, string>, concurrency: number): Promise<BucketStarExport> {
  const [settings, mc, ctf, pick, fin] = await Promise.all([
    loadCuration(store, ref),
    ...(['motioncor', 'ctffind', 'pick'] as const).map(async (step) => readFolder(store, ref, step, (await folderKeys(store, ref, step)).keys(), concurrency)),
    readFolder(store, ref, 'finalize', finalized.keys(), concurrency),
  ]);
  const steps = (movie: string) => ({ motioncor: StepJson.safeParse(mc.get(movie)).data, ctffind: StepJson.safeParse(ctf.get(movie)).data, pick: StepJson.safeParse(pick.get(movie)).data });
  // The same judgement as judgeSession: each step's `results` per movie, judged with curation.json.
  const results = new Map<string, StepResultsOfMovie>();
  for (const movie of new Set([...mc.keys(), ...ctf.keys(), ...pick.keys()])) {
    const s = steps(movie);
    results.set(movie, { ...(s.motioncor ? { motioncor: s.motioncor.results } : {}), ...(s.ctffind ? { ctffind: s.ctffind.results } : {}), ...(s.pick ? { pick: s.pick.results } : {}) });
  }
  const movies = judgeAll(results, settings);
  const acceptedCount = movies.filter((m) => m.decision === 'accepted').length;
  const judgement = { settings, movies, accepted: acceptedCount, rejected: movies.length - acceptedCount };
  const accepted = new Set(movies.filter((m) => m.decision === 'accepted').map((m) => m.movie));

  const records: MovieRecord[] = [];
  const skipped: BucketStarExport['skipped'] = [];
  let folders: ArchiveFolders | null = null;
  for (const movie of [...fin.keys()].sort()) {
    const parsed = FinalizeResultJson.safeParse(fin.get(movie));
    const s = steps(movie);
    const missing = (['motioncor', 'ctffind', 'pick'] as const).filter((step) => !s[step]);
    if (!parsed.success) skipped.push({ movie, reason: `finalize result: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    else if (missing.length) skipped.push({ movie, reason: `no readable ${missing.join(', ')} result (a reprocess in flight?)` });
    else {
      const at = new Date(parsed.data.timings?.startedAt ?? 0);
      records.push(buildMovieRecord({ ...ref, movie }, parsed.data.results.files, s.ctffind?.results, s.pick?.results, params, at, s.motioncor?.parameters));
      folders = parsed.data.parameters.folders;
    }
  }
  if (!folders) return { accepted: 0, rejected: 0, keys: [], skipped, judgement };
  const written: string[] = [];
  for (const [name, text] of Object.entries(buildBucketStarFiles(records, accepted, folders))) {
    const key = `${processedPrefix(ref)}${name}`;
    await store.put(key, text, { contentType: 'text/plain' });
    written.push(key);
  }
  const kept = records.filter((r) => accepted.has(r.movie)).length;
  return { accepted: kept, rejected: records.length - kept, keys: written, skipped, judgement };
}

/**
 * Rewrites micrographs_ctf.star, micrographs_selected.star, autopick_selected.star, movies.star and autopick.star
 * in the bucket from the finalized movies and the current curation. `params` gives the optics where motioncor
 * recorded none, as in finalize. A finalize that lands meanwhile writes its own (complete) list; if the set of
 * finalize results changed while this ran, it runs again so an older list is never the last one written
 * (at most `attempts` times, default 3). About four reads per movie, `concurrency` (default 16) at a time.
 */
export async function exportBucketStarFiles(
  store: Store, ref: SessionRef, params: SessionParams, options: { attempts?: number; concurrency?: number } = {},
): Promise<BucketStarExport> {
  const attempts = options.attempts ?? 3;
  let keys = await folderKeys(store, ref, 'finalize');
  for (let i = 1; ; i++) {
    const out = await exportOnce(store, ref, params, keys, options.concurrency ?? 16);
    const after = await folderKeys(store, ref, 'finalize');
    const same = after.size === keys.size && [...after].every(([k, e]) => keys.get(k) === e);
    if (same || i >= attempts) return out;
    keys = after;
  }
}
