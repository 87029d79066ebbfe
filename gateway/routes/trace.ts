// GET /system/trace?key=<object key>: the journaled timeline of the movie that key belongs to, across its steps.
import { Router } from 'express';
import { InvalidInputError } from '../../lib/errors.js';
import { movieOfKey, type CallJournal } from '../queue/callJournal.js';

export function traceRouter(journal: CallJournal): Router {
  const router = Router();
  router.get('/system/trace', async (req, res) => {
    const key = req.query.key;
    if (typeof key !== 'string' || key === '') throw new InvalidInputError('trace: query parameter "key" (an object key such as raw/<exp>/<session>/<movie>.tif) is required');
    res.json({ key, movie: movieOfKey(key) ?? null, entries: await journal.trace(key) });
  });
  return router;
}
