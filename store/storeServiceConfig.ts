// Settings of the standalone embedded store process (store/main.ts), from the environment.
import { z } from 'zod';

export const StoreServiceSettings = z.object({
  dataDir: z.string().min(1),
  queueDir: z.string().min(1),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(9000),
  region: z.string().min(1).default('us-east-1'),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  bucket: z.string().min(1),
  webhookEndpoint: z.url().optional(),
  webhookAuthToken: z.string().min(1).optional(),
  webhookRetryMs: z.number().int().min(10).default(3000),
});
export type StoreServiceSettings = z.output<typeof StoreServiceSettings>;

const NAMES: Record<keyof StoreServiceSettings, string> = {
  dataDir: 'STORE_DATA_DIR', queueDir: 'STORE_QUEUE_DIR', host: 'STORE_HOST', port: 'STORE_PORT', region: 'S3_REGION',
  accessKeyId: 'S3_ACCESS_KEY_ID', secretAccessKey: 'S3_SECRET_ACCESS_KEY', bucket: 'S3_BUCKET',
  webhookEndpoint: 'WEBHOOK_ENDPOINT', webhookAuthToken: 'WEBHOOK_AUTH_TOKEN', webhookRetryMs: 'WEBHOOK_RETRY_MS',
};
const NUMERIC = new Set<string>(['port', 'webhookRetryMs']);

/** Reads the variables in NAMES; throws naming the bad one. */
export function loadStoreServiceConfig(env: Record<string, string | undefined> = process.env): StoreServiceSettings {
  const raw: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(NAMES)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    if (NUMERIC.has(field) && !/^\d+$/.test(v)) throw new Error(`store config: ${name}: expected a non-negative integer, got "${v}"`);
    raw[field] = NUMERIC.has(field) ? Number(v) : v;
  }
  const parsed = StoreServiceSettings.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`store config: ${parsed.error.issues.map((i) => `${NAMES[i.path[0] as keyof StoreServiceSettings] ?? String(i.path[0])}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
