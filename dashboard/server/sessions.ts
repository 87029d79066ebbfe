// Sessions found in the bucket (with counts and last activity), one session's movie rows, one movie's row.
import { processedPrefix, rawPrefix } from '../../lib/events/pipeline.js';
import type { ObjectInfo, ObjectStore } from '../../lib/store/index.js';
import { keyInfo } from './keyInfo.js';
import { movieRows } from './movieRows.js';
import { sessionPickSummary } from './pickSummary.js';
import type { RowCache } from './movieRows.js';
import type { MovieRow, SessionDetail, SessionSummary } from './types.js';

async function collectList(store: ObjectStore, prefix: string): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const o of store.list(prefix)) out.push(o);
  return out;
}

/**
 * Every experiment/session with a raw movie, a processed object or parameters, from a full listing of
 * the bucket (about 17 objects a movie). The sessions page uses sessionIndex.ts instead; this is its
 * reference (tests, bench/ui).
 */
export async function listSessions(store: ObjectStore): Promise<SessionSummary[]> {
  const sessions = new Map<string, SessionSummary & { errorMovies: Set<string> }>();
  for (const prefix of ['raw/', 'processed/', 'params/']) {
    for await (const o of store.list(prefix)) {
      const info = keyInfo(o.key);
      if (!info) continue;
      const id = `${info.experiment}/${info.session}`;
      let s = sessions.get(id);
      if (!s) sessions.set(id, (s = { experiment: info.experiment, session: info.session, movies: 0, done: 0, failed: 0, lastActivity: null, errorMovies: new Set() }));
      const t = o.lastModified.toISOString();
      if (!s.lastActivity || t > s.lastActivity) s.lastActivity = t;
      if (info.kind === 'raw') s.movies++;
      if (info.kind === 'result' && info.step === 'finalize') s.done++;
      if (info.kind === 'error' && info.movie) s.errorMovies.add(info.movie);
    }
  }
  return [...sessions.values()]
    .map(({ errorMovies, ...s }) => ({ ...s, failed: errorMovies.size }))
    .sort((a, b) => (b.lastActivity ?? '').localeCompare(a.lastActivity ?? ''));
}

/** All movie rows of one session. */
export async function sessionDetail(store: ObjectStore, cache: RowCache, experiment: string, session: string): Promise<SessionDetail> {
  const ref = { experiment, session };
  const [raw, processed] = await Promise.all([collectList(store, rawPrefix(ref)), collectList(store, processedPrefix(ref))]);
  const movies = await movieRows(store, cache, [...raw, ...processed]);
  return { experiment, session, movies, pickWarnings: sessionPickSummary(movies) };
}

/** One movie's row (after an event), or null when its raw movie is gone. */
export async function movieDetail(store: ObjectStore, cache: RowCache, experiment: string, session: string, movie: string): Promise<MovieRow | null> {
  const ref = { experiment, session };
  const prefixes = [`${rawPrefix(ref)}${movie}.`, ...['motioncor', 'ctf', 'picks', 'finalize', 'errors'].map((f) => `${processedPrefix(ref)}${f}/${movie}`)];
  const lists = await Promise.all(prefixes.map((p) => collectList(store, p)));
  const rows = await movieRows(store, cache, lists.flat());
  return rows.find((r) => r.movie === movie) ?? null;
}
