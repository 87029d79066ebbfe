// What a session bundle holds: the session STAR files and, per chosen movie, its sums, CTF and pick outputs; raw movies as links.
import { judgeSession } from '../curation/index.js';
import { MOVIE_EXTENSIONS, processedPrefix, rawPrefix, STEP_FOLDER, STEP_OUTPUT_SUFFIXES } from '../events/pipeline.js';
import type { ObjectInfo, ObjectStore } from '../store/index.js';

export type BundleWhat = 'selected' | 'all';

export interface BundleFile {
  /** Path inside the tar: the layout below processed/<exp>/<session>/, so the STAR files' relative paths resolve. */
  path: string;
  key: string;
  size: number;
}

export interface BundlePlan {
  what: BundleWhat;
  movies: string[];
  files: BundleFile[];
  /** Raw movies of the chosen movies: fetched separately (presigned links, aws s3 / rclone). */
  raw: ObjectInfo[];
}

const STEPS = ['motioncor', 'ctffind', 'pick'] as const;

/** The movie an output key belongs to: the key below the step folder minus the longest matching suffix. */
function movieOfOutput(rest: string, suffixes: readonly string[]): string | null {
  const hit = [...suffixes].sort((a, b) => b.length - a.length).find((s) => rest.endsWith(s));
  return hit === undefined ? null : rest.slice(0, -hit.length);
}

const MOVIE_RE = new RegExp(`^(.+)\\.(${MOVIE_EXTENSIONS.join('|')})$`, 'i');

/** Lists what a bundle of `what` contains; `selected` = movies curation accepts (overrides included). */
export async function planBundle(store: Pick<ObjectStore, 'head' | 'getBytes' | 'list'>, ref: { experiment: string; session: string }, what: BundleWhat): Promise<BundlePlan> {
  const judged = await judgeSession(store, ref);
  const chosen = judged.movies.filter((m) => what === 'all' || m.decision === 'accepted').map((m) => m.movie);
  const keep = new Set(chosen);
  const base = processedPrefix(ref);
  const files: BundleFile[] = [];
  for await (const o of store.list(base)) {
    const rest = o.key.slice(base.length);
    if (!rest.includes('/') && rest.endsWith('.star')) files.push({ path: rest, key: o.key, size: o.size });
  }
  for (const step of STEPS) {
    const folder = `${base}${STEP_FOLDER[step]}/`;
    for await (const o of store.list(folder)) {
      const movie = movieOfOutput(o.key.slice(folder.length), STEP_OUTPUT_SUFFIXES[step]);
      if (movie !== null && keep.has(movie)) files.push({ path: o.key.slice(base.length), key: o.key, size: o.size });
    }
  }
  const raw: ObjectInfo[] = [];
  for await (const o of store.list(rawPrefix(ref))) {
    const m = MOVIE_RE.exec(o.key.slice(rawPrefix(ref).length));
    if (m && keep.has(m[1])) raw.push(o);
  }
  return { what, movies: chosen, files, raw };
}
