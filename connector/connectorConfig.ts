// The connector's settings (standalone or embedded): where it listens, the gateway it calls, its webhook token.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

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
});
export type ConnectorSettings = z.output<typeof ConnectorSettings>;

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`connector config: ${name}: expected a non-negative integer, got "${v}"`);
  return Number(v);
};

/** A secret from `<NAME>` or the file named by `<NAME>_FILE` (Docker/Swarm secrets). */
function secret(env: Record<string, string | undefined>, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  return env[name] || undefined;
}

/** Gateway basic auth from GATEWAY_USER/GATEWAY_PASSWORD, else GATEWAY_AUTH_DIR (basic-auth-user, basic-auth-password). */
function gatewayAuth(env: Record<string, string | undefined>): { user: string; password: string } | undefined {
  const user = secret(env, 'GATEWAY_USER');
  const password = secret(env, 'GATEWAY_PASSWORD');
  if (user && password) return { user, password };
  const dir = env.GATEWAY_AUTH_DIR;
  if (!dir) return undefined;
  return { user: readFileSync(join(dir, 'basic-auth-user'), 'utf8').trim(), password: readFileSync(join(dir, 'basic-auth-password'), 'utf8').trim() };
}

/**
 * Reads CONNECTOR_HOST, CONNECTOR_PORT, GATEWAY_URL, GATEWAY_USER/GATEWAY_PASSWORD (or GATEWAY_AUTH_DIR),
 * WEBHOOK_AUTH_TOKEN (or WEBHOOK_AUTH_TOKEN_FILE), TOPIC_REFRESH_MS, RECONCILE_ON_START; names the bad variable.
 */
export function loadConnectorConfig(env: Record<string, string | undefined> = process.env): ConnectorSettings {
  const raw = {
    host: env.CONNECTOR_HOST || undefined,
    port: int('CONNECTOR_PORT', env.CONNECTOR_PORT),
    gatewayUrl: env.GATEWAY_URL,
    gatewayAuth: gatewayAuth(env),
    authToken: secret(env, 'WEBHOOK_AUTH_TOKEN'),
    topicRefreshMs: int('TOPIC_REFRESH_MS', env.TOPIC_REFRESH_MS),
    reconcileOnStart: env.RECONCILE_ON_START === undefined ? undefined : env.RECONCILE_ON_START !== 'false' && env.RECONCILE_ON_START !== '0',
  };
  const names: Record<string, string> = { host: 'CONNECTOR_HOST', port: 'CONNECTOR_PORT', gatewayUrl: 'GATEWAY_URL', authToken: 'WEBHOOK_AUTH_TOKEN', topicRefreshMs: 'TOPIC_REFRESH_MS' };
  const parsed = ConnectorSettings.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    throw new Error(`connector config: ${parsed.error.issues.map((i) => `${names[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
