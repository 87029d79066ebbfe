// Session routes: list, detail, one movie, parameters GET/PUT, gain upload, reprocess over the gateway's async API.
import express, { Router } from 'express';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../../lib/errors.js';
import { gainReferenceKey, rawPrefix, sessionParamsKey } from '../../lib/events/pipeline.js';
import { GainSettings, SessionParams } from '../../lib/events/sessionParams.js';
import type { ObjectStore } from '../../lib/store/index.js';
import type { RowCache } from './movieRows.js';
import type { SessionIndex } from './sessionIndex.js';
import { movieDetail, sessionDetail } from './sessions.js';
import { givenOnly, storedFieldNames } from './personParams.js';
import { parseBody, Segment } from './validate.js';

export interface SessionRouteDeps {
  store: ObjectStore;
  cache: RowCache;
  /** Per-session summaries kept from the store's events (the sessions page). */
  sessions: SessionIndex;
  /** Base URL of the gateway and its basic auth, for /async-function/motioncor. */
  gateway: () => { url: string; authorization?: string };
  /** Largest gain reference accepted. @default 512 MiB */
  maxGainBytes?: number;
}

export const SessionPath = z.object({ experiment: Segment, session: Segment });
/** Which movies to reprocess: named ones, or every movie of the session only when asked in so many words. */
export const Reprocess = z.union([z.strictObject({ movies: z.array(z.string().min(1)).min(1) }), z.strictObject({ all: z.literal(true) })]);
export const GainQuery = z.object({ name: Segment, rotate: z.coerce.number().int().min(0).max(3).default(0), flip: z.coerce.number().int().min(0).max(2).default(0) });

async function readParams(store: ObjectStore, key: string): Promise<SessionParams> {
  if (!(await store.head(key))) return SessionParams.parse({});
  const text = new TextDecoder().decode(await store.getBytes(key));
  let json: unknown;
  try { json = JSON.parse(text); } catch (err) { throw new InvalidInputError(`session parameters "${key}": not JSON`, { cause: err }); }
  return parseBody(SessionParams, json, `session parameters "${key}"`);
}

/** Queues motioncor with force: true for each raw key; the rest of the chain follows from its result. */
async function reprocess(deps: SessionRouteDeps, keys: string[]): Promise<string[]> {
  const { url, authorization } = deps.gateway();
  const callIds: string[] = [];
  for (const key of keys) {
    const res = await fetch(`${url}/async-function/motioncor`, {
      method: 'POST', body: JSON.stringify({ bucket: deps.store.bucket, key, force: true }),
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    });
    const text = await res.text();
    if (res.status !== 202) throw new Error(`reprocess "${key}": gateway answered ${res.status}: ${text.slice(0, 300)}`);
    callIds.push(res.headers.get('x-call-id') ?? '');
  }
  return callIds;
}

export function sessionRouter(deps: SessionRouteDeps): Router {
  const { store, cache } = deps;
  const router = Router();
  const json = express.json({ limit: '1mb' });
  router.get('/sessions', async (_req, res) => {
    // res.locals.visible: the experiments the caller may see (accessGuard.ts); absent when access control is off.
    const visible: unknown = res.locals.visible;
    const all = await deps.sessions.summaries();
    res.json({ sessions: visible instanceof Set ? all.filter((s) => visible.has(s.experiment)) : all });
  });
  router.get('/sessions/:experiment/:session', async (req, res) => {
    const p = parseBody(SessionPath, req.params, 'session');
    res.json(await sessionDetail(store, cache, p.experiment, p.session));
  });
  router.get('/sessions/:experiment/:session/movie', async (req, res) => {
    const p = parseBody(SessionPath, req.params, 'session');
    const { name } = parseBody(z.object({ name: z.string().min(1) }), req.query, 'movie');
    const row = await movieDetail(store, cache, p.experiment, p.session, name);
    if (!row) throw new NotFoundError(`movie "${name}" not found in ${p.experiment}/${p.session}`);
    res.json(row);
  });
  router.get('/sessions/:experiment/:session/params', async (req, res) => {
    const p = parseBody(SessionPath, req.params, 'session');
    // setByPerson: fields session.json holds; the rest are defaults the form must not save back as a person's choice.
    res.json({ ...(await readParams(store, sessionParamsKey(p))), setByPerson: await storedFieldNames(store, sessionParamsKey(p)) });
  });
  router.put('/sessions/:experiment/:session/params', json, async (req, res) => {
    const p = parseBody(SessionPath, req.params, 'session');
    const params = parseBody(SessionParams, req.body, 'session parameters');
    await store.put(sessionParamsKey(p), JSON.stringify(givenOnly(params, req.body), null, 2) + '\n', { contentType: 'application/json' });
    res.json(params);
  });
  router.put('/sessions/:experiment/:session/gain', express.raw({ type: () => true, limit: deps.maxGainBytes ?? 512 * 1024 * 1024 }), async (req, res) => {
    const p = parseBody(SessionPath, req.params, 'session');
    const q = parseBody(GainQuery, req.query, 'gain reference');
    const body = req.body as Buffer;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new InvalidInputError(`gain reference "${q.name}": empty body`);
    const key = gainReferenceKey(p, q.name);
    await store.put(key, body);
    const current = await readParams(store, sessionParamsKey(p));
    const params = { ...current, gain: GainSettings.parse({ key, rotate: q.rotate, flip: q.flip }) };
    const stored = { ...givenOnly(current, Object.fromEntries((await storedFieldNames(store, sessionParamsKey(p))).map((k) => [k, true]))), gain: params.gain };
    await store.put(sessionParamsKey(p), JSON.stringify(stored, null, 2) + '\n', { contentType: 'application/json' });
    res.json(params);
  });
  router.post('/sessions/:experiment/:session/reprocess', json, async (req, res) => {
    const p = parseBody(SessionPath, req.params, 'session');
    const body = parseBody(Reprocess, req.body, 'reprocess (send {"movies": [...]} or {"all": true})');
    const keys: string[] = [];
    const wanted = 'movies' in body ? new Set(body.movies) : null;
    for await (const o of store.list(rawPrefix(p))) {
      const movie = o.key.slice(rawPrefix(p).length).replace(/\.[^.]+$/, '');
      if (!wanted || wanted.has(movie)) keys.push(o.key);
    }
    if (wanted && keys.length === 0) throw new NotFoundError(`reprocess: none of ${[...wanted].join(', ')} found in ${p.experiment}/${p.session}`);
    res.status(202).json({ queued: keys, callIds: await reprocess(deps, keys) });
  });
  return router;
}
