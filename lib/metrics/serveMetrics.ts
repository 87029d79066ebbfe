// Serving a prom-client registry: an express route guarded by the scrape token or the unit's own admin guard.
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { bearerMatches } from './metricsToken.js';

export interface MetricsRouteOptions {
  /** Bearer token a scraper may present instead (METRICS_TOKEN). */
  token?: string;
  /** The unit's admin guard (the gateway's basic auth, the connector's bearer); undefined = open like the unit's /system. */
  guard?: RequestHandler;
  /** Refuse every caller without the token, even when `guard` is undefined (units whose admin surface is never open). */
  requireToken?: boolean;
}

/** Writes the registry in the Prometheus text format. */
export async function writeMetrics(registry: Registry, res: ServerResponse): Promise<void> {
  const text = await registry.metrics();
  res.writeHead(200, { 'Content-Type': registry.contentType }).end(text);
}

/** GET handler for /metrics: token first, then the guard, then the registry. */
export function metricsRoute(registry: Registry, options: MetricsRouteOptions): RequestHandler {
  const serve: RequestHandler = (_req, res, next) => {
    writeMetrics(registry, res).catch(next);
  };
  return (req, res, next) => {
    if (bearerMatches(req.headers.authorization, options.token)) return serve(req, res, next);
    if (options.guard) return options.guard(req, res, (err?: unknown) => (err ? next(err) : serve(req, res, next)));
    if (options.requireToken || options.token) {
      res.status(401).json({ error: 'metrics: missing or wrong bearer token (METRICS_TOKEN) in Authorization' });
      return;
    }
    serve(req, res, next);
  };
}
