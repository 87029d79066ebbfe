// Reads and writes a session's curation.json (thresholds + overrides) and judges the session from the bucket's results.
import { InvalidInputError } from '../errors.js';
import { processedPrefix, STEP_FOLDER } from '../events/pipeline.js';
import type { ObjectStore } from '../store/index.js';
import { judgeMovie } from './judge.js';
import type { Judgement, MovieMetrics } from './judge.js';
import { metricsFromResults } from './metrics.js';
import type { StepResultsOfMovie } from './metrics.js';
import { CurationOverride, CurationSettings, CurationThresholds, curationKey } from './thresholds.js';

type SessionRef = { experiment: string; session: string };

/** curation.json, or empty settings when there is none; InvalidInputError names the key and field otherwise. */
export async function loadCuration(store: Pick<ObjectStore, 'head' | 'getBytes'>, ref: SessionRef): Promise<CurationSettings> {
  const key = curationKey(ref);
  if (!(await store.head(key))) return CurationSettings.parse({});
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await store.getBytes(key)));
  } catch (err) {
    throw new InvalidInputError(`curation settings "${key}": not JSON`, { cause: err });
  }
  const parsed = CurationSettings.safeParse(json);
  if (!parsed.success) throw new InvalidInputError(`curation settings "${key}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function save(store: Pick<ObjectStore, 'put'>, ref: SessionRef, settings: CurationSettings): Promise<void> {
  await store.put(curationKey(ref), JSON.stringify(settings, null, 2) + '\n', { contentType: 'application/json' });
}

/** Replaces the thresholds (overrides stay); validated first. */
export async function saveThresholds(store: Pick<ObjectStore, 'head' | 'getBytes' | 'put'>, ref: SessionRef, thresholds: unknown): Promise<CurationSettings> {
  const parsed = CurationThresholds.safeParse(thresholds);
  if (!parsed.success) throw new InvalidInputError(`curation thresholds: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const next = { ...(await loadCuration(store, ref)), thresholds: parsed.data };
  await save(store, ref, next);
  return next;
}

/** Records (or with `decision: null` clears) an operator's decision on one movie, with who and when. */
export async function setOverride(
  store: Pick<ObjectStore, 'head' | 'getBytes' | 'put'>, ref: SessionRef, movie: string, decision: 'accepted' | 'rejected' | null, by: string, at: Date, note?: string,
): Promise<CurationSettings> {
  const current = await loadCuration(store, ref);
  const overrides = { ...current.overrides };
  if (decision === null) delete overrides[movie];
  else overrides[movie] = CurationOverride.parse({ decision, by, at: at.toISOString(), ...(note ? { note } : {}) });
  const next = { ...current, overrides };
  await save(store, ref, next);
  return next;
}

/** Each movie's step results in the bucket (result JSONs under processed/<exp>/<session>/<step folder>/). */
export async function sessionResults(store: Pick<ObjectStore, 'list' | 'getBytes'>, ref: SessionRef): Promise<Map<string, StepResultsOfMovie>> {
  const out = new Map<string, StepResultsOfMovie>();
  for (const step of ['motioncor', 'ctffind', 'pick'] as const) {
    const folder = `${processedPrefix(ref)}${STEP_FOLDER[step]}/`;
    for await (const obj of store.list(folder)) {
      if (!obj.key.endsWith('.json')) continue;
      const movie = obj.key.slice(folder.length, -'.json'.length);
      try {
        const json = JSON.parse(new TextDecoder().decode(await store.getBytes(obj.key))) as { results?: unknown };
        out.set(movie, { ...out.get(movie), [step]: json.results });
      } catch {
        // A result JSON being replaced or corrupt leaves that step's metrics pending.
      }
    }
  }
  return out;
}

export interface JudgedMovie extends Judgement {
  movie: string;
  metrics: MovieMetrics;
}

/** Judges every movie with results, sorted by movie; pure given `results` and `settings`. */
export function judgeAll(results: Map<string, StepResultsOfMovie>, settings: CurationSettings): JudgedMovie[] {
  return [...results.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([movie, r]) => {
    const metrics = metricsFromResults(r);
    return { movie, metrics, ...judgeMovie(metrics, settings.thresholds, settings.overrides[movie]) };
  });
}

/** Loads curation.json and the results, and judges the session (live: movies without all results are judged on what arrived). */
export async function judgeSession(store: Pick<ObjectStore, 'head' | 'getBytes' | 'list'>, ref: SessionRef): Promise<{ settings: CurationSettings; movies: JudgedMovie[]; accepted: number; rejected: number }> {
  const settings = await loadCuration(store, ref);
  const movies = judgeAll(await sessionResults(store, ref), settings);
  const accepted = movies.filter((m) => m.decision === 'accepted').length;
  return { settings, movies, accepted, rejected: movies.length - accepted };
}
