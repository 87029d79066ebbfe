// /ui/api/ops/*: the operations page's data, read from the gateway's /system JSON routes (functions, queue, throughput,
// dead letters, trace) and the store's webhook backlog. Administrators only: the access guard sends every route it does
// not know, these included, to its admin check (accessGuard.ts).
import type { Request, Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import type { Principal } from '../../lib/access/index.js';
import { principalName } from '../../lib/access/index.js';
import { describeError, httpStatusOf } from '../../lib/errors.js';
import { requestUser } from './curationRoutes.js';
import {
  ActionAnswer, DeadLettersAnswer, FunctionsAnswer, GatewayAnswerError, gatewayJson, QueueAnswer, ThroughputAnswer, TraceAnswer,
  type GatewayTarget, type OpsOverview,
} from './opsGateway.js';
import { parseBody } from './validate.js';

export interface OpsDeps {
  gateway: () => GatewayTarget;
  /** Store events waiting for webhook delivery; absent when the store is not this process's (then null on the page). */
  webhookBacklog?: () => Promise<number>;
}

export const OpsTraceQuery = z.object({ key: z.string().min(1).max(1024) });
export const OpsActionPath = z.object({ action: z.enum(['retry', 'discard']) });
/** One selector, as the gateway takes it: some call ids, or every letter of one cause class ("motioncor:500"). */
export const OpsSelect = z.union([
  z.object({ callIds: z.array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/)).min(1).max(1000) }).strict(),
  z.object({ causeClass: z.string().min(1).max(200) }).strict(),
]);

/** The person acting, for the gateway's dead-letter audit. */
function actingUser(req: Request, res: Response): string {
  const p = res.locals.principal as Principal | undefined;
  return p ? principalName(p) : requestUser(req);
}

/** Runs `work`; a gateway refusal reaches the page with the gateway's own status and error. */
function handled(work: (req: Request, res: Response) => Promise<unknown>) {
  return async (req: Request, res: Response) => {
    try {
      res.json(await work(req, res));
    } catch (err) {
      if (err instanceof GatewayAnswerError) res.status(err.status).json(err.body);
      else res.status(httpStatusOf(err)).json({ error: describeError(err), type: err instanceof Error ? err.name : 'Error' });
    }
  };
}

export function opsRouter(deps: OpsDeps): Router {
  const router = Router();
  router.get('/ops/overview', handled(async (): Promise<OpsOverview> => {
    const g = deps.gateway();
    const [functions, queue, throughput, deadLetters, webhookBacklog] = await Promise.all([
      gatewayJson(g, '/system/functions', FunctionsAnswer),
      gatewayJson(g, '/system/queue', QueueAnswer),
      gatewayJson(g, '/system/throughput?minutes=60', ThroughputAnswer),
      gatewayJson(g, '/system/dead-letters', DeadLettersAnswer),
      deps.webhookBacklog ? deps.webhookBacklog() : Promise.resolve(null),
    ]);
    const depth = new Map(queue.functions.map((f) => [f.name, f]));
    return {
      functions: functions.map((f) => ({ ...f, queued: depth.get(f.name)?.queued ?? 0, inflight: depth.get(f.name)?.inflight ?? 0 })),
      queue: { queued: queue.queued, inflight: queue.inflight },
      webhookBacklog,
      throughput,
      deadLetters,
    };
  }));
  router.get('/ops/trace', handled(async (req) => {
    const { key } = parseBody(OpsTraceQuery, req.query, 'trace query');
    return gatewayJson(deps.gateway(), `/system/trace?key=${encodeURIComponent(key)}`, TraceAnswer);
  }));
  router.post('/ops/dead-letters/:action', handled(async (req, res) => {
    const { action } = parseBody(OpsActionPath, req.params, 'dead-letter action');
    const select = parseBody(OpsSelect, req.body, `dead-letter ${action}`);
    return gatewayJson(deps.gateway(), `/system/dead-letters/${action}`, ActionAnswer, { method: 'POST', body: select, headers: { 'x-acting-for': actingUser(req, res) } });
  }));
  return router;
}
