// Makes s3rver's object writes atomic, as S3 and MinIO are: a reader sees the old object or the new
// one, never a half-written file. s3rver 3.7 truncates the object file in place, and for streamed
// bodies reports the PUT done when its hashing transform finishes, before the file is flushed; so a
// step woken by the event, or the dashboard polling a result JSON, could read a torn object.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import S3Object from 's3rver/lib/models/object.js';
import type { S3rverFilesystemStore, S3rverObject } from 's3rver';

/** A sibling name: same directory (so rename is atomic), no `._S3rver_object` suffix (so listings skip it). */
function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

async function writeAtomically(path: string, data: string): Promise<void> {
  const tmp = tempPath(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

function storedMetadata(metadata: Record<string, string>): Record<string, string> {
  const allowed = new Set(S3Object.ALLOWED_METADATA);
  return Object.fromEntries(Object.entries(metadata).filter(([k]) => allowed.has(k) || k.startsWith('x-amz-meta-')));
}

/** Replaces the store's putObject and putMetadata (used by PUT, multipart complete and copy) with write-then-rename versions. */
export function makeObjectWritesAtomic(store: S3rverFilesystemStore): void {
  const putMetadata = async (bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void> => {
    if (md5) await writeAtomically(store.getResourcePath(bucket, key, 'object.md5'), md5);
    await writeAtomically(store.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(storedMetadata(metadata), null, 2));
  };
  store.putMetadata = putMetadata;
  store.putObject = async (object: S3rverObject): Promise<{ size: number; md5: string }> => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const tmp = tempPath(objectPath);
    const hash = createHash('md5');
    let size = 0;
    try {
      const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
      const count = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(source, count, createWriteStream(tmp));
      const md5 = hash.digest('hex');
      // Metadata first, content last: until the rename, readers get the old bytes whole.
      await putMetadata(object.bucket, object.key, object.metadata, md5);
      await rename(tmp, objectPath);
      return { size, md5 };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  };
}
