// METRICS_TOKEN: a bearer token that lets a Prometheus scraper read /metrics without an admin's credentials.
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { loadEnv, type Env } from '../config/index.js';

const MetricsEnv = z.object({ METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional() });

/** The scrape token from METRICS_TOKEN (or METRICS_TOKEN_FILE), or undefined when unset. */
export function loadMetricsToken(env: Env = process.env): string | undefined {
  return loadEnv('metrics', MetricsEnv, env, { secrets: ['METRICS_TOKEN'] }).METRICS_TOKEN;
}

/** Whether an Authorization header is exactly `Bearer <token>` (constant-time compare). */
export function bearerMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header) return false;
  const got = Buffer.from(header);
  const expected = Buffer.from(`Bearer ${token}`);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
