// Streams a session bundle as a tar (tar-stream): each object is piped from the store straight into its entry and hashed
// on the way, so nothing of the session is copied to disk; manifest.json (sha256 of every file) is the last entry.
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import tar from 'tar-stream';
import type { Pack } from 'tar-stream';
import type { ObjectStore } from '../store/index.js';
import type { BundlePlan } from './bundlePlan.js';
import { fetchCommands } from './fetchCommands.js';
import type { RawAccess } from './fetchCommands.js';

export interface BundleManifest {
  schemaVersion: 1;
  experiment: string;
  session: string;
  what: BundlePlan['what'];
  createdAt: string;
  movies: string[];
  files: { path: string; key: string; size: number; sha256: string }[];
  raw: { key: string; size: number; etag: string; url: string; expiresAt: string }[];
  commands: { aws: string; rclone: string };
}

type Entry = ReturnType<Pack['entry']>;

function addEntry(pack: Pack, name: string, size: number): { stream: Entry; done: Promise<void> } {
  let stream!: Entry;
  const done = new Promise<void>((resolve, reject) => {
    stream = pack.entry({ name, size, mtime: new Date(0) }, (err) => (err ? reject(err) : resolve()));
  });
  return { stream, done };
}

async function addText(pack: Pack, name: string, text: string): Promise<void> {
  const body = Buffer.from(text, 'utf8');
  const { stream, done } = addEntry(pack, name, body.length);
  stream.end(body);
  await done;
}

async function addObject(pack: Pack, store: Pick<ObjectStore, 'getStream'>, name: string, key: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const { stream, done } = addEntry(pack, name, size);
  for await (const chunk of await store.getStream(key)) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    hash.update(buf);
    if (!stream.write(buf)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  stream.end(Buffer.alloc(0));
  await done;
  return hash.digest('hex');
}

/**
 * Writes the bundle of `plan` to `out` (an HTTP response, a file): the files, raw-movies.tsv with expiring links,
 * fetch-raw.sh with the aws s3 / rclone commands, then manifest.json. Resolves when the tar is complete.
 */
export async function writeBundleTar(
  store: Pick<ObjectStore, 'getStream'>, ref: { experiment: string; session: string }, plan: BundlePlan, out: Writable, access: RawAccess,
): Promise<BundleManifest> {
  const pack = tar.pack();
  const piped = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    pack.on('error', reject);
  });
  pack.pipe(out);
  const files: BundleManifest['files'] = [];
  for (const f of plan.files) files.push({ path: f.path, key: f.key, size: f.size, sha256: await addObject(pack, store, f.path, f.key, f.size) });
  const now = access.now ?? new Date();
  const expiresAt = new Date(now.getTime() + access.expiresSeconds * 1000).toISOString();
  const raw: BundleManifest['raw'] = [];
  for (const o of plan.raw) raw.push({ key: o.key, size: o.size, etag: o.etag, url: await access.presign(o.key, access.expiresSeconds), expiresAt });
  const commands = fetchCommands(ref, plan.raw.map((o) => o.key), access);
  await addText(pack, 'raw-movies.tsv', ['key\tsize\tetag\turl\texpires_at', ...raw.map((r) => [r.key, r.size, r.etag, r.url, r.expiresAt].join('\t'))].join('\n') + '\n');
  await addText(pack, 'fetch-raw.sh', commands.script);
  const manifest: BundleManifest = {
    schemaVersion: 1, experiment: ref.experiment, session: ref.session, what: plan.what, createdAt: now.toISOString(),
    movies: plan.movies, files, raw, commands: { aws: commands.aws, rclone: commands.rclone },
  };
  await addText(pack, 'manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  pack.finalize();
  await piped;
  return manifest;
}
