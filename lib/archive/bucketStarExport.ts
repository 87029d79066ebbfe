// The session STAR files rebuilt from the bucket alone, for a curation change made in the dashboard: the records finalize
// keeps in the archive are rebuilt from its result JSONs (what it archived, its folder layout) and the step results, then
// written with the same builders finalize uses (curatedStar.ts) under processed/<exp>/<session>/.
import { z } from 'zod';
import { judgeSession } from '../curation/index.js';
import { processedPrefix, resultKey, STEP_FOLDER } from '../events/pipeline.js';
import type { MovieRef } from '../events/pipeline.js';
import type { SessionParams } from '../events/sessionParams.js';
import type { ObjectStore } from '../store/index.js';
import { buildMovieRecord } from './buildMovieRecord.js';
import { ArchiveFolders } from './config.js';
import { buildBucketStarFiles } from './curatedStar.js';
import { ArchivedFile } from './movieRecord.js';
import type { MovieRecord } from './movieRecord.js';
import { readStepResult } from './stepResults.js';

type Store = Pick<ObjectStore, 'head' | 'getBytes' | 'list' | 'put'>;

/** The parts of finalize's result JSON (functions/finalize/handler.ts) a record needs. */
const FinalizeResultJson = z.object({
  results: z.object({ files: z.array(ArchivedFile).min(1) }),
  parameters: z.object({ folders: ArchiveFolders }),
  timings: z.object({ startedAt: z.string() }).optional(),
});

export interface BucketStarExport {
  accepted: number;
  rejected: number;
  /** Keys written. Empty when no movie of the session is finalized yet (nothing to list). */
  keys: string[];
  /** Finalized movies left out, with why (a step result removed by a reprocess in flight, an unreadable result). */
  skipped: { movie: string; reason: string }[];
}

/** Finalize result keys of the session with their ETags: what a concurrent finalize would change. */
async function finalizedKeys(store: Store, ref: Pick<MovieRef, 'experiment' | 'session'>): Promise<Map<string, string>> {
  const prefix = `${processedPrefix(ref)}${STEP_FOLDER.finalize}/`;
  const out = new Map<string, string>();
  for await (const o of store.list(prefix)) if (o.key.endsWith('.json')) out.set(o.key, o.etag);
  return out;
}

async function recordOf(store: Store, ref: MovieRef, params: SessionParams): Promise<{ record: MovieRecord; folders: ArchiveFolders }> {
  const key = resultKey('finalize', ref);
  const parsed = FinalizeResultJson.safeParse(JSON.parse(new TextDecoder().decode(await store.getBytes(key))));
  if (!parsed.success) throw new Error(`finalize result "${key}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const [mc, ctf, pick] = [await readStepResult(store, 'motioncor', ref), await readStepResult(store, 'ctffind', ref), await readStepResult(store, 'pick', ref)];
  const at = new Date(parsed.data.timings?.startedAt ?? 0);
  return { record: buildMovieRecord(ref, parsed.data.results.files, ctf.results, pick.results, params, at, mc.parameters), folders: parsed.data.parameters.folders };
}

async function exportOnce(store: Store, ref: Pick<MovieRef, 'experiment' | 'session'>, params: SessionParams, keys: Map<string, string>): Promise<BucketStarExport> {
  const prefix = `${processedPrefix(ref)}${STEP_FOLDER.finalize}/`;
  const records: MovieRecord[] = [];
  const skipped: BucketStarExport['skipped'] = [];
  let folders: ArchiveFolders | null = null;
  for (const key of [...keys.keys()].sort()) {
    const movie = key.slice(prefix.length, -'.json'.length);
    try {
      const r = await recordOf(store, { ...ref, movie }, params);
      records.push(r.record);
      folders = r.folders;
    } catch (err) {
      skipped.push({ movie, reason: (err as Error).message });
    }
  }
  if (!folders) return { accepted: 0, rejected: 0, keys: [], skipped };
  const judged = await judgeSession(store, ref);
  const accepted = new Set(judged.movies.filter((m) => m.decision === 'accepted').map((m) => m.movie));
  const written: string[] = [];
  for (const [name, text] of Object.entries(buildBucketStarFiles(records, accepted, folders))) {
    const key = `${processedPrefix(ref)}${name}`;
    await store.put(key, text, { contentType: 'text/plain' });
    written.push(key);
  }
  const kept = records.filter((r) => accepted.has(r.movie)).length;
  return { accepted: kept, rejected: records.length - kept, keys: written, skipped };
}

/**
 * Rewrites micrographs_ctf.star, micrographs_selected.star, autopick_selected.star, movies.star and autopick.star
 * in the bucket from the finalized movies and the current curation. `params` gives the optics, as finalize's own.
 * A finalize that lands meanwhile writes its own (complete) list; if the set of finalize results changed while
 * this ran, it runs again so an older list is never the last one written (at most `attempts` times).
 */
export async function exportBucketStarFiles(store: Store, ref: Pick<MovieRef, 'experiment' | 'session'>, params: SessionParams, attempts = 3): Promise<BucketStarExport> {
  let keys = await finalizedKeys(store, ref);
  for (let i = 1; ; i++) {
    const out = await exportOnce(store, ref, params, keys);
    const after = await finalizedKeys(store, ref);
    const same = after.size === keys.size && [...after].every(([k, e]) => keys.get(k) === e);
    if (same || i >= attempts) return out;
    keys = after;
  }
}
