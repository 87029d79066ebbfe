// POST /reconcile: one reconciliation pass now (concurrent requests share it); answers its summary.
import { Router } from 'express';
import { describeError } from '../../lib/errors.js';
import type { ReconcileSummary } from '../reconcile.js';
import { requireBearer } from './auth.js';

export function reconcileRouter(authToken: string, run: () => Promise<ReconcileSummary>): Router {
  const router = Router();
  router.post('/reconcile', requireBearer(authToken), async (_req, res) => {
    try {
      res.status(200).json(await run());
    } catch (err) {
      res.status(503).json({ error: `reconcile: ${describeError(err)}` });
    }
  });
  return router;
}
