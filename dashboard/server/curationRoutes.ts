// Curation API: GET the session's judgement (counts, each movie's decision and failing criteria), PUT thresholds
// (re-judges at once, nothing reprocessed), POST an operator's override of one movie (who from the request, when = now).
// Both changes rewrite the session's RELION STAR files in the bucket (lib/archive exportBucketStarFiles).
import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { exportBucketStarFiles } from '../../lib/archive/index.js';
import type { BucketStarExport } from '../../lib/archive/index.js';
import { judgeSession, saveThresholds, setOverride } from '../../lib/curation/index.js';
import { loadSessionParams } from '../../lib/steps/index.js';
import type { ObjectStore } from '../../lib/store/index.js';
import { parseBody, Segment } from './validate.js';

const SessionPath = z.object({ experiment: Segment, session: Segment });
export const OverrideBody = z.object({
  movie: z.string().min(1).max(1000),
  /** null clears the override (the thresholds decide again). */
  decision: z.enum(['accepted', 'rejected']).nullable(),
  note: z.string().max(500).optional(),
});

/**
 * Who is asking: an identity an auth middleware put in res.locals.user, else the Basic-auth user name the
 * gateway has already verified. Never taken from the body.
 */
export function requestUser(req: Request): string {
  const local: unknown = req.res?.locals.user;
  if (typeof local === 'string' && local !== '') return local;
  if (typeof local === 'object' && local !== null && typeof (local as { name?: unknown }).name === 'string') return (local as { name: string }).name;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
  const user = m ? Buffer.from(m[1], 'base64').toString('utf8').split(':')[0] : '';
  return user === '' ? 'unknown' : user;
}

type SessionRef = z.infer<typeof SessionPath>;

/**
 * The STAR files follow the decision at once, so processed/<exp>/<session>/micrographs_selected.star never lags the
 * dashboard. The decision is stored either way: a failed export is reported beside it rather than as a failed save.
 */
async function judgeAndExport(store: ObjectStore, p: SessionRef): Promise<Awaited<ReturnType<typeof judgeSession>> & { exported: Omit<BucketStarExport, 'judgement'> | { error: string } }> {
  try {
    const { judgement, ...exported } = await exportBucketStarFiles(store, p, await loadSessionParams(store, { ...p, movie: '' }));
    return { ...judgement, exported };
  } catch (err) {
    return { ...(await judgeSession(store, p)), exported: { error: `re-exporting the STAR files of ${p.experiment}/${p.session}: ${(err as Error).message}` } };
  }
}

export function curationRouter(deps: { store: ObjectStore; now?: () => Date }): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.get('/sessions/:experiment/:session/curation', async (req, res) => {
    res.json(await judgeSession(deps.store, parseBody(SessionPath, req.params, 'session')));
  });
  router.put('/sessions/:experiment/:session/curation/thresholds', async (req, res) => {
    const p = parseBody(SessionPath, req.params, 'session');
    await saveThresholds(deps.store, p, req.body);
    res.json(await judgeAndExport(deps.store, p));
  });
  router.post('/sessions/:experiment/:session/curation/override', async (req, res) => {
    const p = parseBody(SessionPath, req.params, 'session');
    const body = parseBody(OverrideBody, req.body, 'curation override');
    await setOverride(deps.store, p, body.movie, body.decision, requestUser(req), now(), body.note);
    res.json(await judgeAndExport(deps.store, p));
  });
  return router;
}
