// Where the bucket is and how to reach it: one validated config read from S3_* environment variables.
import { z } from 'zod';
import { loadEnv, type Env } from '../config/index.js';

export const StoreConfig = z.object({
  /** S3 endpoint URL, e.g. http://127.0.0.1:9000 (MinIO, s3rver, Ceph RGW). */
  endpoint: z.url(),
  region: z.string().min(1).default('us-east-1'),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  bucket: z.string().min(1),
});
export type StoreConfig = z.infer<typeof StoreConfig>;

/** Environment variable behind each config field, so errors name what the operator must set. */
export const STORE_ENV: Record<keyof StoreConfig, string> = {
  endpoint: 'S3_ENDPOINT',
  region: 'S3_REGION',
  accessKeyId: 'S3_ACCESS_KEY_ID',
  secretAccessKey: 'S3_SECRET_ACCESS_KEY',
  bucket: 'S3_BUCKET',
};

const StoreEnv = z.object({
  S3_ENDPOINT: StoreConfig.shape.endpoint,
  S3_REGION: StoreConfig.shape.region,
  S3_ACCESS_KEY_ID: StoreConfig.shape.accessKeyId,
  S3_SECRET_ACCESS_KEY: StoreConfig.shape.secretAccessKey,
  S3_BUCKET: StoreConfig.shape.bucket,
});

/** Reads the store config from the environment (secrets also from `<NAME>_FILE`); throws naming every bad variable. */
export function loadStoreConfig(env: Env = process.env): StoreConfig {
  const e = loadEnv('store', StoreEnv, env, { secrets: ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] });
  return { endpoint: e.S3_ENDPOINT, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, bucket: e.S3_BUCKET };
}

/** The S3_* variables that make `loadStoreConfig` return `cfg` (to pass to child processes). */
export function storeConfigEnv(cfg: StoreConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, name] of Object.entries(STORE_ENV)) out[name] = String(cfg[field as keyof StoreConfig]);
  return out;
}
