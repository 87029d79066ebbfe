// The connector's settings (standalone or embedded): where it listens, the gateway it calls, its webhook token.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { envBool, envInt, envPort, loadEnv, type Env } from '../lib/config/index.js';
import { loadMetricsToken } from '../lib/metrics/index.js';
import { InvalidInputError } from '../lib/errors.js';

export const ConnectorSettings = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(8081),
  /** OpenFaaS gateway base URL. */
  gatewayUrl: z.url(),
  /** Basic auth for the gateway (/system/functions; /async-function when the gateway guards it). */
  gatewayAuth: z.object({ user: z.string().min(1), password: z.string().min(1) }).optional(),
  /** Bearer token MinIO sends (`auth_token`); required on POST /events and POST /reconcile. */
  authToken: z.string().min(8),
  /** How often topics are re-read from GET /system/functions. */
  topicRefreshMs: z.number().int().min(100).default(10_000),
  /** Reconcile once topics are first known. */
  reconcileOnStart: z.boolean().default(true),
  /** Parallel HEADs and calls during reconciliation. */
  reconcileConcurrency: z.number().int().min(1).default(8),
  /** Bearer token a Prometheus scraper may use for /metrics besides the webhook token (METRICS_TOKEN). */
  metricsToken: z.string().min(16).optional(),
});
export type ConnectorSettings = z.output<typeof ConnectorSettings>;

const ConnectorEnv = z.object({
  CONNECTOR_HOST: ConnectorSettings.shape.host,
  CONNECTOR_PORT: envPort.optional(),
  GATEWAY_URL: ConnectorSettings.shape.gatewayUrl,
  GATEWAY_USER: z.string().optional(),
  GATEWAY_PASSWORD: z.string().optional(),
  GATEWAY_AUTH_DIR: z.string().optional(),
  GATEWAY_AUTH: z.enum(['on', 'off']).optional(),
  WEBHOOK_AUTH_TOKEN: ConnectorSettings.shape.authToken,
  TOPIC_REFRESH_MS: envInt.pipe(ConnectorSettings.shape.topicRefreshMs.unwrap()).optional(),
  RECONCILE_ON_START: envBool.optional(),
});

/** Gateway basic auth from GATEWAY_USER/GATEWAY_PASSWORD, else the OpenFaaS secret files in GATEWAY_AUTH_DIR. */
function gatewayAuth(e: z.output<typeof ConnectorEnv>): ConnectorSettings['gatewayAuth'] {
  if (e.GATEWAY_USER && e.GATEWAY_PASSWORD) return { user: e.GATEWAY_USER, password: e.GATEWAY_PASSWORD };
  const dir = e.GATEWAY_AUTH_DIR;
  if (!dir && e.GATEWAY_AUTH === 'off') return undefined;
  if (!dir) {
    throw new InvalidInputError('connector config: no gateway credentials (GATEWAY_USER/GATEWAY_PASSWORD or GATEWAY_AUTH_DIR); '
      + 'the connector refuses to start without them. Set GATEWAY_AUTH=off to call an unauthenticated gateway on purpose');
  }
  try {
    return { user: readFileSync(join(dir, 'basic-auth-user'), 'utf8').trim(), password: readFileSync(join(dir, 'basic-auth-password'), 'utf8').trim() };
  } catch (err) {
    throw new InvalidInputError(`connector config: GATEWAY_AUTH_DIR: cannot read basic-auth-user/basic-auth-password in "${dir}"`, { cause: err });
  }
}

/**
 * Reads CONNECTOR_HOST, CONNECTOR_PORT, GATEWAY_URL, GATEWAY_USER/GATEWAY_PASSWORD (or GATEWAY_AUTH_DIR),
 * WEBHOOK_AUTH_TOKEN, TOPIC_REFRESH_MS, RECONCILE_ON_START; secrets may come from `<NAME>_FILE`.
 */
export function loadConnectorConfig(env: Env = process.env): ConnectorSettings {
  const e = loadEnv('connector', ConnectorEnv, env, { secrets: ['GATEWAY_USER', 'GATEWAY_PASSWORD', 'WEBHOOK_AUTH_TOKEN'] });
  return ConnectorSettings.parse({
    host: e.CONNECTOR_HOST, port: e.CONNECTOR_PORT, gatewayUrl: e.GATEWAY_URL, gatewayAuth: gatewayAuth(e),
    authToken: e.WEBHOOK_AUTH_TOKEN, topicRefreshMs: e.TOPIC_REFRESH_MS, reconcileOnStart: e.RECONCILE_ON_START,
    metricsToken: loadMetricsToken(env),
  });
}
