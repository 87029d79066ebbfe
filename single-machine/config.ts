// The one validated config of the embedded stack (`npm start`): every port and folder, env overrides, the gateway's section.
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadGatewayConfig } from '../gateway/config.js';
import type { GatewaySettings } from '../gateway/config.js';

const port = z.number().int().min(0).max(65535);

export const StackConfigSchema = z.object({
  /** Everything the stack keeps: objects, queues, secrets. */
  dataDir: z.string().min(1).default('.data'),
  /** Interface every service binds (loopback: the embedded store checks only the access key id). */
  host: z.string().min(1).default('127.0.0.1'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3–63 of a-z 0-9 . -)').default('cryoem'),
  region: z.string().min(1).default('us-east-1'),
  storePort: port.default(9000),
  gatewayPort: port.default(8080),
  connectorPort: port.default(8081),
  /** Wait before the store re-sends an undelivered event (MinIO: 3 s). */
  webhookRetryMs: z.number().int().min(10).default(3000),
  /** How often the connector re-reads the functions' topics. */
  topicRefreshMs: z.number().int().min(100).default(10_000),
  /** Seed and follow a demo movie at start. */
  demo: z.boolean().default(true),
  /** Exit (status 0) once the demo movie is processed, 1 if it fails. */
  exitAfterDemo: z.boolean().default(false),
});
export type StackConfig = z.output<typeof StackConfigSchema> & {
  /** Folders derived from dataDir (absolute). */
  paths: { data: string; store: string; events: string; gatewayState: string; secrets: string; archive: string };
  /** Environment every function gets besides S3_*: finalize's archive root (GPFS_ROOT, default <dataDir>/archive) and no tape tools. */
  functionEnv: Record<string, string>;
  /** The gateway's section: GATEWAY_* variables, with ports, folders and auth from this config. */
  gateway: GatewaySettings;
};

const ENV_NAMES: Record<string, string> = {
  dataDir: 'CRYOEM_DATA_DIR', host: 'CRYOEM_HOST', bucket: 'CRYOEM_BUCKET', region: 'CRYOEM_REGION',
  storePort: 'STORE_PORT', gatewayPort: 'GATEWAY_PORT', connectorPort: 'CONNECTOR_PORT',
  webhookRetryMs: 'WEBHOOK_RETRY_MS', topicRefreshMs: 'TOPIC_REFRESH_MS', demo: 'CRYOEM_DEMO', exitAfterDemo: 'CRYOEM_EXIT_AFTER_DEMO',
};
const NUMERIC = new Set(['storePort', 'gatewayPort', 'connectorPort', 'webhookRetryMs', 'topicRefreshMs']);
const BOOLEAN = new Set(['demo', 'exitAfterDemo']);

function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(ENV_NAMES)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    if (NUMERIC.has(field)) {
      if (!/^\d+$/.test(v)) throw new Error(`config: ${name}: expected a non-negative integer, got "${v}"`);
      out[field] = Number(v);
    } else if (BOOLEAN.has(field)) {
      if (!['true', 'false', '1', '0'].includes(v)) throw new Error(`config: ${name}: expected true or false, got "${v}"`);
      out[field] = v === 'true' || v === '1';
    } else out[field] = v;
  }
  return out;
}

/**
 * The stack's config from `env` (names in ENV_NAMES, plus GATEWAY_* for the gateway's own settings) and
 * command-line flags `--no-demo`, `--exit-after-demo`. Pure; throws naming the variable.
 */
export function loadStackConfig(env: Record<string, string | undefined> = process.env, argv: string[] = []): StackConfig {
  const raw = fromEnv(env);
  if (argv.includes('--no-demo')) raw.demo = false;
  if (argv.includes('--exit-after-demo')) raw.exitAfterDemo = true;
  const unknownFlag = argv.find((a) => a.startsWith('-') && a !== '--no-demo' && a !== '--exit-after-demo');
  if (unknownFlag) throw new Error(`config: unknown flag "${unknownFlag}" (known: --no-demo, --exit-after-demo)`);
  const parsed = StackConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`config: ${parsed.error.issues.map((i) => `${ENV_NAMES[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = parsed.data;
  const data = resolve(c.dataDir);
  const paths = { data, store: join(data, 'store'), events: join(data, 'events'), gatewayState: join(data, 'gateway'), secrets: join(data, 'secrets'), archive: join(data, 'archive') };
  // One machine has no GPFS or tape: archive under the data folder unless the operator says otherwise.
  const functionEnv = {
    GPFS_ROOT: env.GPFS_ROOT || paths.archive,
    TAPE_APPLY_COMMAND: env.TAPE_APPLY_COMMAND || 'none',
    TAPE_PREMIGRATE_COMMAND: env.TAPE_PREMIGRATE_COMMAND || 'none',
  };
  const gateway: GatewaySettings = {
    ...loadGatewayConfig(env),
    host: c.host,
    port: c.gatewayPort,
    stateDir: paths.gatewayState,
    authDir: paths.secrets,
    // A step answers 500 for an unexpected error; retry it like the 5xx the gateway already retries.
    retryCodes: [...new Set([...loadGatewayConfig(env).retryCodes, 500])],
  };
  return { ...c, paths, gateway, functionEnv };
}
