// Per-session summaries kept from the store's object events, so the sessions page never lists the whole bucket.
//
// Built once from a listing of raw/, processed/ and params/ (at the first request, or when asked to
// rebuild), then kept current by `apply(key, eventName)` for each store event. Each count is a set of
// keys, so an event replayed over a listing that already saw its key changes nothing: events that
// arrive while a listing runs are queued and replayed after it, in order.
import type { ObjectStore } from '../../lib/store/index.js';
import { keyInfo } from './keyInfo.js';
import type { SessionSummary } from './types.js';

interface Tally {
  experiment: string;
  session: string;
  raw: Set<string>;
  finalized: Set<string>;
  /** Error record keys by movie: a movie counts as failed while it has one. */
  errors: Map<string, Set<string>>;
  lastActivity: string | null;
}

export interface SessionIndex {
  /** Every session's summary, newest activity first; lists the bucket only when no index is built yet. */
  summaries(): Promise<SessionSummary[]>;
  /** One store event (s3:ObjectCreated:*, s3:ObjectRemoved:*). */
  apply(key: string, eventName: string, time?: Date): void;
  /** Drops the index; the next request lists the bucket again (events may have been lost). */
  invalidate(): void;
  /** Starts the listing now (at start-up) so the first page load finds the index built or half-way. */
  warm(onError: (err: unknown) => void): void;
}

const PREFIXES = ['raw/', 'processed/', 'params/'];

function tallyOf(sessions: Map<string, Tally>, experiment: string, session: string): Tally {
  const id = `${experiment}/${session}`;
  let t = sessions.get(id);
  if (!t) sessions.set(id, (t = { experiment, session, raw: new Set(), finalized: new Set(), errors: new Map(), lastActivity: null }));
  return t;
}

/**
 * processed/<e>/<s>/<folder>/… outside finalize/ and errors/ only marks activity: split, not parsed
 * (most of a bucket's objects are such outputs, and a facility bucket holds millions).
 */
function uncounted(key: string): [string, string] | null {
  if (!key.startsWith('processed/')) return null;
  const parts = key.split('/', 5);
  return parts.length === 5 && parts[3] !== 'finalize' && parts[3] !== 'errors' ? [parts[1], parts[2]] : null;
}

/** Adds (or, with `removed`, takes away) one object; `time` only ever moves lastActivity forward. */
function record(sessions: Map<string, Tally>, key: string, time: string, removed: boolean): void {
  const plain = uncounted(key);
  const info = plain ? null : keyInfo(key);
  if (!plain && !info) return;
  const t = plain ? tallyOf(sessions, plain[0], plain[1]) : tallyOf(sessions, info!.experiment, info!.session);
  if (!t.lastActivity || time > t.lastActivity) t.lastActivity = time;
  if (!info) return;
  const set = info.kind === 'raw' ? t.raw : info.kind === 'result' && info.step === 'finalize' ? t.finalized : null;
  if (set) { if (removed) set.delete(key); else set.add(key); }
  if (info.kind === 'error' && info.movie) {
    const keys = t.errors.get(info.movie) ?? new Set<string>();
    if (removed) keys.delete(key); else keys.add(key);
    if (keys.size > 0) t.errors.set(info.movie, keys); else t.errors.delete(info.movie);
  }
}

const summaryOf = (t: Tally): SessionSummary => ({
  experiment: t.experiment, session: t.session, movies: t.raw.size, done: t.finalized.size, failed: t.errors.size, lastActivity: t.lastActivity,
});

export function createSessionIndex(store: Pick<ObjectStore, 'list'>): SessionIndex {
  let sessions: Map<string, Tally> | null = null;
  let building: Promise<Map<string, Tally>> | null = null;
  let queued: [string, string, boolean][] | null = null;

  async function build(): Promise<Map<string, Tally>> {
    queued = [];
    try {
      const fresh = new Map<string, Tally>();
      for (const prefix of PREFIXES) {
        for await (const o of store.list(prefix)) record(fresh, o.key, o.lastModified.toISOString(), false);
      }
      for (const [key, time, removed] of queued) record(fresh, key, time, removed);
      sessions = fresh;
      return fresh;
    } finally {
      queued = null;
      building = null;
    }
  }

  return {
    async summaries() {
      const current = sessions ?? (await (building ??= build()));
      return [...current.values()].map(summaryOf).sort((a, b) => (b.lastActivity ?? '').localeCompare(a.lastActivity ?? ''));
    },
    apply(key, eventName, time = new Date()) {
      const removed = /ObjectRemoved/.test(eventName);
      if (queued) queued.push([key, time.toISOString(), removed]);
      else if (sessions) record(sessions, key, time.toISOString(), removed);
    },
    invalidate() { sessions = null; },
    warm(onError) { if (!sessions) (building ??= build()).catch(onError); },
  };
}
