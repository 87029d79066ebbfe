// The one validated config of the embedded stack (`npm start`): every port and folder, env overrides, the gateway's section.
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { envBool, envInt, envPort, loadEnv, type Env } from '../lib/config/index.js';
import { InvalidInputError } from '../lib/errors.js';
import { loadAlertConfig } from '../lib/alerts/index.js';
import type { AlertSettings } from '../lib/alerts/index.js';
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
  /** ALERT_* rules for the gateway (undefined without ALERT_WEBHOOK_URL); free space is watched on the archive root. */
  alerts?: AlertSettings;
};

const C = StackConfigSchema.shape;
const StackEnv = z.object({
  CRYOEM_DATA_DIR: C.dataDir, CRYOEM_HOST: C.host, CRYOEM_BUCKET: C.bucket, CRYOEM_REGION: C.region,
  STORE_PORT: envPort.optional(), GATEWAY_PORT: envPort.optional(), CONNECTOR_PORT: envPort.optional(),
  WEBHOOK_RETRY_MS: envInt.pipe(C.webhookRetryMs.unwrap()).optional(), TOPIC_REFRESH_MS: envInt.pipe(C.topicRefreshMs.unwrap()).optional(),
  CRYOEM_DEMO: envBool.optional(), CRYOEM_EXIT_AFTER_DEMO: envBool.optional(),
  GPFS_ROOT: z.string().optional(), TAPE_APPLY_COMMAND: z.string().optional(), TAPE_PREMIGRATE_COMMAND: z.string().optional(),
});
const FLAGS = ['--no-demo', '--exit-after-demo'];

/**
 * The stack's config from `env` (names in StackEnv, plus GATEWAY_* for the gateway's own settings) and
 * command-line flags `--no-demo`, `--exit-after-demo`. Pure; throws naming the variable.
 */
export function loadStackConfig(env: Env = process.env, argv: string[] = []): StackConfig {
  const unknownFlag = argv.find((a) => a.startsWith('-') && !FLAGS.includes(a));
  if (unknownFlag) throw new InvalidInputError(`config: unknown flag "${unknownFlag}" (known: ${FLAGS.join(', ')})`);
  const e = loadEnv('stack', StackEnv, env);
  const c = StackConfigSchema.parse({
    dataDir: e.CRYOEM_DATA_DIR, host: e.CRYOEM_HOST, bucket: e.CRYOEM_BUCKET, region: e.CRYOEM_REGION,
    storePort: e.STORE_PORT, gatewayPort: e.GATEWAY_PORT, connectorPort: e.CONNECTOR_PORT,
    webhookRetryMs: e.WEBHOOK_RETRY_MS, topicRefreshMs: e.TOPIC_REFRESH_MS,
    demo: argv.includes('--no-demo') ? false : e.CRYOEM_DEMO, exitAfterDemo: argv.includes('--exit-after-demo') ? true : e.CRYOEM_EXIT_AFTER_DEMO,
  });
  const data = resolve(c.dataDir);
  const paths = { data, store: join(data, 'store'), events: join(data, 'events'), gatewayState: join(data, 'gateway'), secrets: join(data, 'secrets'), archive: join(data, 'archive') };
  // One machine has no GPFS or tape: archive under the data folder unless the operator says otherwise.
  const functionEnv = {
    GPFS_ROOT: e.GPFS_ROOT ?? paths.archive,
    TAPE_APPLY_COMMAND: e.TAPE_APPLY_COMMAND ?? 'none',
    TAPE_PREMIGRATE_COMMAND: e.TAPE_PREMIGRATE_COMMAND ?? 'none',
  };
  const gatewayEnv = loadGatewayConfig(env, { requireAuth: false }); // the stack makes its own credentials (authDir below)
  const gateway: GatewaySettings = {
    ...gatewayEnv,
    host: c.host,
    port: c.gatewayPort,
    stateDir: paths.gatewayState,
    authDir: paths.secrets,
    // A step answers 500 for an unexpected error; retry it like the 5xx the gateway already retries.
    retryCodes: [...new Set([...gatewayEnv.retryCodes, 500])],
  };
  const alerts = loadAlertConfig({ ...env, GPFS_ROOT: functionEnv.GPFS_ROOT });
  return { ...c, paths, gateway, functionEnv, alerts };
}
