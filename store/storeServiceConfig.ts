// Settings of the standalone embedded store process (store/main.ts), from the environment.
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { envInt, envPort, loadEnv, type Env } from '../lib/config/index.js';

export const StoreServiceSettings = z.object({
  dataDir: z.string().min(1),
  queueDir: z.string().min(1),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(9000),
  region: z.string().min(1).default('us-east-1'),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  bucket: z.string().min(1),
  /** Access-key table (`cryoem-daq store key …`); default `<dataDir>/../store-keys.json`, outside the buckets. */
  keyTableFile: z.string().min(1).optional(),
  webhookEndpoint: z.url().optional(),
  webhookAuthToken: z.string().min(1).optional(),
  webhookRetryMs: z.number().int().min(10).default(3000),
});
export type StoreServiceSettings = z.output<typeof StoreServiceSettings>;

const S = StoreServiceSettings.shape;
const StoreServiceEnv = z.object({
  STORE_DATA_DIR: S.dataDir, STORE_QUEUE_DIR: S.queueDir, STORE_HOST: S.host, STORE_PORT: envPort.optional(), S3_REGION: S.region,
  S3_ACCESS_KEY_ID: S.accessKeyId, S3_SECRET_ACCESS_KEY: S.secretAccessKey, S3_BUCKET: S.bucket, STORE_KEY_TABLE: S.keyTableFile,
  WEBHOOK_ENDPOINT: S.webhookEndpoint, WEBHOOK_AUTH_TOKEN: S.webhookAuthToken, WEBHOOK_RETRY_MS: envInt.pipe(S.webhookRetryMs.unwrap()).optional(),
});

/** Reads STORE_*, S3_* and WEBHOOK_* (secrets also from `<NAME>_FILE`); throws naming every bad variable. */
export function loadStoreServiceConfig(env: Env = process.env): StoreServiceSettings {
  const e = loadEnv('store', StoreServiceEnv, env, { secrets: ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'WEBHOOK_AUTH_TOKEN'] });
  return StoreServiceSettings.parse({
    dataDir: e.STORE_DATA_DIR, queueDir: e.STORE_QUEUE_DIR, host: e.STORE_HOST, port: e.STORE_PORT, region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, bucket: e.S3_BUCKET, keyTableFile: e.STORE_KEY_TABLE ?? join(dirname(e.STORE_DATA_DIR), 'store-keys.json'),
    webhookEndpoint: e.WEBHOOK_ENDPOINT, webhookAuthToken: e.WEBHOOK_AUTH_TOKEN, webhookRetryMs: e.WEBHOOK_RETRY_MS,
  });
}
