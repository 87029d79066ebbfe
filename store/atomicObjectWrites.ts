// Makes s3rver's object writes atomic, as S3 and MinIO are: a reader sees the old object or the new
// one, never a half-written file. s3rver 3.7 truncates the object file in place, and for streamed
// bodies reports the PUT done when its hashing transform finishes, before the file is flushed; so a
// step woken by the event, or the dashboard polling a result JSON, could read a torn object.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import S3Error from 's3rver/lib/models/error.js';
import S3Object from 's3rver/lib/models/object.js';
import type { S3rverFilesystemStore, S3rverObject } from 's3rver';
import { keyProblem } from '../lib/store/keySafety.js';
import { assertSha256, Sha256CheckedBody } from './auth/payloadChecks.js';
import { writeHashedFile } from './hashingFileWriter.js';

/** A sibling name: same directory (so rename is atomic), no `._S3rver_object` suffix (so listings skip it). */
function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

async function writeAtomically(path: string, data: string): Promise<void> {
  const tmp = tempPath(path);
  try {
    await writeFile(tmp, data, { mode: 0o600 });
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

/**
 * Writes the body to `path`, hashing md5 (the ETag) in the same pass; a body whose signature covers a sha256 is
 * taken unread from its checking stream and hashed with sha256 in that pass too, and refused before anything is
 * committed when it differs (the checking stream would otherwise hash it in a stage of its own).
 */
async function streamToFile(content: NodeJS.ReadableStream | Buffer, path: string): Promise<{ size: number; md5: string }> {
  const checked = content instanceof Sha256CheckedBody ? content : null;
  const source = checked?.takeSource() ?? null;
  const written = await writeHashedFile(source ?? content, path, source ? ['md5', 'sha256'] : ['md5']);
  if (checked && source) assertSha256(written.digests.sha256, checked.expectedHex);
  return { size: written.size, md5: written.digests.md5 };
}

/**
 * Second line of defence behind the request guard: every file path s3rver derives goes through getResourcePath,
 * including keys it reads from request bodies (multi-object delete); a key that could leave the folder throws.
 */
function refuseHostileKeys(store: S3rverFilesystemStore): void {
  const resourcePath = store.getResourcePath.bind(store);
  store.getResourcePath = (bucket, key, resource) => {
    const problem = keyProblem(bucket) ?? (key ? keyProblem(encodeURIComponent(key)) : null);
    if (problem) {
      const err = new S3Error('InvalidObjectName', `key ${JSON.stringify(`${bucket}/${key ?? ''}`)} ${problem}`);
      err.status = 400;
      throw err;
    }
    return resourcePath(bucket, key, resource);
  };
}

/** Replaces the store's putObject and putMetadata (used by PUT, multipart complete and copy) with write-then-rename versions. */
export function makeObjectWritesAtomic(store: S3rverFilesystemStore): void {
  refuseHostileKeys(store);
  const putMetadata = async (bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void> => {
    // Both land before the object's rename (the caller's), so they need no order between them.
    await Promise.all([
      md5 ? writeAtomically(store.getResourcePath(bucket, key, 'object.md5'), md5) : null,
      writeAtomically(store.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(storedMetadata(metadata), null, 2)),
    ]);
  };
  store.putMetadata = putMetadata;
  store.putObject = async (object: S3rverObject): Promise<{ size: number; md5: string }> => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true, mode: 0o700 });
    const tmp = tempPath(objectPath);
    try {
      const { size, md5 } = await streamToFile(object.content, tmp);
      // Metadata first, content last: until the rename, readers get the old bytes whole.
      await putMetadata(object.bucket, object.key, object.metadata, md5);
      await rename(tmp, objectPath);
      return { size, md5 };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  };
  // s3rver's own putPart pipes without forwarding the body's errors: a body that fails its signature check would
  // leave the request hanging. Parts, too, are written whole or not at all.
  store.putPart = async (bucket: string, uploadId: string, partNumber: number, content: NodeJS.ReadableStream): Promise<{ size: number; md5: string }> => {
    const partPath = join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
    await mkdir(dirname(partPath), { recursive: true, mode: 0o700 });
    const tmp = tempPath(partPath);
    try {
      const written = await streamToFile(content, tmp);
      // Both are done before the part's answer, and only a later CompleteMultipartUpload reads them.
      await Promise.all([writeFile(`${partPath}.md5`, written.md5, { mode: 0o600 }), rename(tmp, partPath)]);
      return written;
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  };
}
