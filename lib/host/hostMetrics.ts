// GET /metrics on a function host: this process's step metrics, for a scraper holding METRICS_TOKEN.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerMatches, loadMetricsToken, stepMetrics, writeMetrics } from '../metrics/index.js';

let token: string | undefined | null = null;

/** Answers GET /metrics (401 without the token: a host has no admin login); false for any other request. */
export function serveHostMetrics(req: IncomingMessage, res: ServerResponse, env: Record<string, string | undefined> = process.env): boolean {
  if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return false;
  if (token === null) token = loadMetricsToken(env);
  if (!bearerMatches(req.headers.authorization, token)) {
    res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'function host /metrics: missing or wrong bearer token (METRICS_TOKEN)' }));
    return true;
  }
  writeMetrics(stepMetrics.registry, res).catch(() => res.destroy());
  return true;
}

/** Forgets the cached token (tests that change METRICS_TOKEN). */
export function resetHostMetricsToken(): void {
  token = null;
}
