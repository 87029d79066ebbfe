// Test helper: the embedded s3rver store on a random port in a temp folder, with a client and an ObjectStore.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { startEmbeddedStore } from '../../../store/embeddedStore.js';
import { createObjectStore, createS3Client, storeConfigEnv } from '../../../lib/store/index.js';
import type { ObjectStore, StoreConfig } from '../../../lib/store/index.js';

export interface StoreFixture {
  dir: string;
  cfg: StoreConfig;
  client: S3Client;
  store: ObjectStore;
  /** S3_* variables for child processes. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startStoreFixture(bucket = 'cryoem'): Promise<StoreFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'dm-store-'));
  const creds = { accessKeyId: 'TESTKEY', secretAccessKey: 'testsecret' };
  const server = await startEmbeddedStore({ dataDir: join(dir, 'data'), port: 0, buckets: [bucket], ...creds });
  const cfg: StoreConfig = { endpoint: server.url, region: 'us-east-1', bucket, ...creds };
  const client = createS3Client(cfg);
  return {
    dir, cfg, client, store: createObjectStore(cfg, client), env: storeConfigEnv(cfg),
    async stop() {
      client.destroy();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
