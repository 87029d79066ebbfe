// POST /events: MinIO webhooks and S3 `Records` notifications → /async-function/<name> for each topic match.
import { Router, text } from 'express';
import { describeError, httpStatusOf, InvalidInputError } from '../../lib/errors.js';
import { isObjectCreated, parseStoreNotification } from '../../lib/events/notification.js';
import type { Logger } from '../../lib/log.js';
import { newOrigin, type GatewayClient } from '../gatewayClient.js';
import type { TopicRouter } from '../topicRouter.js';
import { requireBearer } from './auth.js';

export interface EventsDeps {
  bucket: string;
  authToken: string;
  topics: TopicRouter;
  gateway: GatewayClient;
  log: Logger;
  /** Told of every created object of the bucket (the curation alert judges result JSONs); must not throw. */
  onObjectCreated?: (key: string) => void;
}

function parseJson(body: unknown): unknown {
  const textBody = typeof body === 'string' ? body : '';
  try {
    return JSON.parse(textBody);
  } catch (err) {
    throw new InvalidInputError(`webhook body: malformed JSON (${(err as Error).message})`, { cause: err });
  }
}

/** Routes every created object of our bucket; answers 5xx when a call failed so the store retries the event. */
async function route(deps: EventsDeps, body: unknown): Promise<{ calls: { function: string; key: string; callId: string }[]; ignored: number }> {
  const received = new Date();
  const calls: { function: string; key: string; callId: string }[] = [];
  let ignored = 0;
  for (const e of parseStoreNotification(body)) {
    if (!isObjectCreated(e)) continue;
    if (e.bucket !== deps.bucket) {
      deps.log.warn('ignored event for unknown bucket', { bucket: e.bucket, key: e.key, served: deps.bucket });
      ignored++;
      continue;
    }
    deps.onObjectCreated?.(e.key);
    for (const name of deps.topics.match(e.key)) {
      const origin = newOrigin('connector webhook', received);
      const { callId } = await deps.gateway.invokeAsync(name, { bucket: e.bucket, key: e.key, force: false, ...(e.etag ? { etag: e.etag } : {}) }, origin);
      // One line per forwarded event with the id the gateway's trace uses (`cryoem-daq trace <key>`).
      deps.log.info('forwarded', { function: name, key: e.key, callId: callId ?? origin.callId });
      calls.push({ function: name, key: e.key, callId: callId ?? origin.callId });
    }
  }
  return { calls, ignored };
}

export function eventsRouter(deps: EventsDeps): Router {
  const router = Router();
  // MinIO's liveness check is a HEAD on the endpoint; any answer counts.
  router.head('/events', (_req, res) => { res.status(200).end(); });
  router.post('/events', requireBearer(deps.authToken), text({ type: () => true, limit: '10mb' }), async (req, res) => {
    try {
      const body = parseJson(req.body);
      if (!deps.topics.ready()) await deps.topics.refresh();
      const result = await route(deps, body);
      res.status(200).json(result);
    } catch (err) {
      const status = httpStatusOf(err);
      deps.log[status === 400 ? 'warn' : 'error']('event not routed', { error: describeError(err), status });
      res.status(status === 400 ? 400 : 503).json({ error: describeError(err) });
    }
  });
  return router;
}
