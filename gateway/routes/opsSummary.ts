// GET /system/queue (waiting and running async calls per function) and GET /system/throughput (movies/h, step
// p50/p95 over a window, from the calls journal): the JSON the operations page and scripts read. Admin only (/system guard).
import { Router } from 'express';
import { z } from 'zod';
import { InvalidInputError } from '../../lib/errors.js';
import { formatIssues } from '../../lib/stack/index.js';
import type { FunctionManager } from '../functions/startFunctions.js';
import type { AsyncQueue } from '../queue/asyncQueue.js';
import type { CallJournal } from '../queue/callJournal.js';
import { throughputOf } from '../queue/throughput.js';

export const ThroughputQuery = z.object({
  /** Length of the window ending now, in minutes. @default 60 */
  minutes: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
});

export function opsSummaryRouter(deps: { functions: FunctionManager; queue: AsyncQueue; journal?: CallJournal; now?: () => Date }): Router {
  const router = Router();
  router.get('/system/queue', (_req, res) => {
    const functions = deps.functions.names().map((name) => ({ name, ...deps.queue.depth(name) }));
    res.json({ queued: functions.reduce((n, f) => n + f.queued, 0), inflight: functions.reduce((n, f) => n + f.inflight, 0), functions });
  });
  const journal = deps.journal;
  if (journal) {
    router.get('/system/throughput', async (req, res) => {
      const q = ThroughputQuery.safeParse(req.query);
      if (!q.success) throw new InvalidInputError(`throughput: ${formatIssues(q.error)}`);
      const now = (deps.now ?? (() => new Date()))();
      const windowSeconds = q.data.minutes * 60;
      const entries = await journal.since(new Date(now.getTime() - windowSeconds * 1000));
      res.json({ until: now.toISOString(), ...throughputOf(entries, windowSeconds) });
    });
  }
  return router;
}
