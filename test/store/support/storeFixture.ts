// A signed embedded store in a fresh temporary folder, for the store's security tests.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedStore } from '../../../store/embeddedStore.js';
import type { EmbeddedStore, EmbeddedStoreOptions } from '../../../store/embeddedStore.js';

export const KEY_ID = 'CRYOEMSERVICEKEY0001';
export const SECRET = 'sEcReT/with+slash=and-plus-0123456789ab';

export interface StoreFixture {
  root: string;
  dataDir: string;
  store: EmbeddedStore;
  close(): Promise<void>;
}

/** Starts a store in `<tmp>/root/data` (the root holds nothing else, so a walk of it finds any escape). */
export async function startFixture(extra: Partial<EmbeddedStoreOptions> = {}): Promise<StoreFixture> {
  const root = await mkdtemp(join(tmpdir(), 'store-sec-'));
  const dataDir = join(root, 'data');
  const store = await startEmbeddedStore({ dataDir, port: 0, accessKeyId: KEY_ID, secretAccessKey: SECRET, buckets: ['cryoem'], ...extra });
  return { root, dataDir, store, close: async () => { await store.stop(); await rm(root, { recursive: true, force: true }); } };
}

/** Every file below `dir`, relative, sorted. */
export async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}
