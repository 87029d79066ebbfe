// Uploads one complete share file: sha256 first (into metadata), multipart with throttling, then a verified HEAD.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { hashFile } from '../archive/hashFile.js';
import type { ObjectInfo, ObjectStore } from '../store/index.js';
import { etagMatches, etagTap } from './etag.js';
import { throttle } from './tokenBucket.js';
import type { TokenBucket } from './tokenBucket.js';

/** Object metadata the mirror records (x-amz-meta-*): what resume and share cleanup compare against. */
export const MIRROR_META = { sha256: 'sha256', mtime: 'source-mtime-ms', size: 'source-size' } as const;

export interface UploadShareFileOptions {
  /** @default 16 MiB */
  partSizeBytes?: number;
  /** Parts in flight per file. @default 4 */
  queueSize?: number;
  /** Shared bandwidth limit. @default none */
  bucket?: TokenBucket;
  /** Called with bytes sent so far. */
  onProgress?: (sentBytes: number) => void;
}

export type UploadStatus = 'uploaded' | 'skipped' | 'changed';

export interface UploadOutcome {
  status: UploadStatus;
  key: string;
  size: number;
  sha256?: string;
  etag?: string;
}

/** True when the object was uploaded by the mirror from exactly this version of the file. */
export function alreadyUploaded(head: ObjectInfo | null, local: { size: number; mtimeMs: number }): boolean {
  return head !== null && head.size === local.size && head.metadata[MIRROR_META.size] === String(local.size) &&
    head.metadata[MIRROR_META.mtime] === String(local.mtimeMs) && /^[0-9a-f]{64}$/.test(head.metadata[MIRROR_META.sha256] ?? '');
}

/**
 * Uploads `file` to `key` unless the bucket already holds this version ('skipped'). Returns
 * 'changed' (nothing trusted) when the file's size or mtime moved during the upload, and throws
 * when the stored size or ETag does not match the bytes sent.
 */
export async function uploadShareFile(
  client: S3Client, store: Pick<ObjectStore, 'bucket' | 'head'>, file: string, key: string, options: UploadShareFileOptions = {},
): Promise<UploadOutcome> {
  const partSize = options.partSizeBytes ?? 16 * 1024 * 1024;
  const before = await stat(file);
  const local = { size: before.size, mtimeMs: before.mtimeMs };
  if (alreadyUploaded(await store.head(key), local)) return { status: 'skipped', key, size: local.size };
  const { sha256 } = await hashFile(file);
  const tap = etagTap(partSize);
  const body = new PassThrough({ highWaterMark: 1 << 20 });
  const stages = [createReadStream(file, { highWaterMark: 1 << 20 }), ...(options.bucket ? [throttle(options.bucket)] : []), tap.stream, body];
  const feeding = pipeline(stages);
  const upload = new Upload({
    client, partSize, queueSize: options.queueSize ?? 4, leavePartsOnError: false,
    params: {
      Bucket: store.bucket, Key: key, Body: body, ContentType: 'application/octet-stream',
      Metadata: { [MIRROR_META.sha256]: sha256, [MIRROR_META.mtime]: String(local.mtimeMs), [MIRROR_META.size]: String(local.size) },
    },
  });
  upload.on('httpUploadProgress', (p) => { if (p.loaded !== undefined) options.onProgress?.(p.loaded); });
  await Promise.all([feeding, upload.done().catch((err: unknown) => {
    body.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  })]);
  const after = await stat(file);
  if (after.size !== local.size || after.mtimeMs !== local.mtimeMs) return { status: 'changed', key, size: after.size };
  const head = await store.head(key);
  const digest = tap.digest();
  if (!head || head.size !== local.size || digest.size !== local.size || !etagMatches(head.etag, digest)) {
    throw new Error(`upload of "${file}" to "${key}": stored ${head ? `${head.size} bytes, ETag ${head.etag}` : 'nothing'}; sent ${digest.size} bytes, ETag ${digest.md5} or ${digest.multipart}`);
  }
  return { status: 'uploaded', key, size: local.size, sha256, etag: head.etag };
}
