// Where the bucket is and how to reach it: one validated config read from S3_* environment variables.
import { z } from 'zod';

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

/** Reads the store config from the environment; throws naming the missing or invalid variable. */
export function loadStoreConfig(env: Record<string, string | undefined> = process.env): StoreConfig {
  const raw: Record<string, string | undefined> = {};
  for (const [field, name] of Object.entries(STORE_ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[field] = value;
  }
  const parsed = StoreConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0]) as keyof StoreConfig;
      const value = raw[field];
      return value === undefined ? `${STORE_ENV[field]} is not set` : `${STORE_ENV[field]}: ${issue.message} (got "${field === 'secretAccessKey' ? '***' : value}")`;
    });
    throw new Error(`store config: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** The S3_* variables that make `loadStoreConfig` return `cfg` (to pass to child processes). */
export function storeConfigEnv(cfg: StoreConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, name] of Object.entries(STORE_ENV)) out[name] = String(cfg[field as keyof StoreConfig]);
  return out;
}
