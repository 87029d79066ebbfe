// ObjectStore over the AWS SDK v3: any S3-compatible store (MinIO, s3rver, Ceph RGW, AWS).
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NotFoundError, PreconditionFailedError } from '../errors.js';
import { createS3Client } from './client.js';
import type { StoreConfig } from './config.js';
import { unquoteEtag } from './objectStore.js';
import type { ObjectInfo, ObjectStore, PutConditions, PutOptions, UploadFileOptions } from './objectStore.js';

const DEFAULT_PART_SIZE = 16 * 1024 * 1024;
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** True for the SDK's "no such object" errors (HEAD gives a bare 404 named NotFound). */
function isMissing(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || statusOf(err) === 404;
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/**
 * A conditional PUT the store refused: 412 (condition false), 404 (If-Match on a missing object, as S3 answers it)
 * or 409 ConditionalRequestConflict (S3: a concurrent conditional write won). In each case nothing was written.
 */
function conditionFailed(err: unknown, key: string, conditions: PutConditions): PreconditionFailedError | null {
  const status = statusOf(err);
  if (status !== 412 && status !== 409 && !(status === 404 && conditions.ifMatch !== undefined)) return null;
  const what = conditions.ifMatch !== undefined ? `If-Match ${unquoteEtag(conditions.ifMatch)}` : 'If-None-Match *';
  return new PreconditionFailedError(`object "${key}": not written, ${what} no longer holds (${err instanceof Error ? err.name : String(status)}: another writer came first)`, { cause: err });
}

/** Object info from a HEAD/GET response. */
function infoOf(key: string, out: Pick<GetObjectCommandOutput, 'ContentLength' | 'ETag' | 'LastModified' | 'Metadata' | 'ContentType'>): ObjectInfo {
  return {
    ...(out.ContentType ? { contentType: out.ContentType } : {}),
    key,
    size: out.ContentLength ?? 0,
    etag: unquoteEtag(out.ETag),
    lastModified: out.LastModified ?? new Date(0),
    metadata: { ...(out.Metadata ?? {}) },
  };
}

function bodyStream(out: GetObjectCommandOutput, key: string): Readable {
  if (out.Body instanceof Readable) return out.Body;
  throw new Error(`object "${key}": response body is not a Node stream`);
}

/** An ObjectStore on `cfg.bucket`, using `client` or a new one from createS3Client. */
export function createObjectStore(cfg: StoreConfig, client: S3Client = createS3Client(cfg)): ObjectStore {
  const Bucket = cfg.bucket;

  async function getObject(key: string): Promise<GetObjectCommandOutput> {
    try {
      return await client.send(new GetObjectCommand({ Bucket, Key: key }));
    } catch (err) {
      if (isMissing(err)) throw new NotFoundError(`object "${key}" in bucket "${Bucket}" does not exist`, { cause: err });
      throw err;
    }
  }

  async function put(key: string, body: Uint8Array | string, options: PutOptions & PutConditions = {}): Promise<{ etag: string }> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const conditional = options.ifMatch !== undefined || options.ifNoneMatch !== undefined;
    try {
      const out = await client.send(new PutObjectCommand({
        Bucket, Key: key, Body: bytes, ContentLength: bytes.byteLength,
        ContentType: options.contentType ?? DEFAULT_CONTENT_TYPE,
        Metadata: options.metadata,
        ...(options.ifMatch !== undefined ? { IfMatch: `"${unquoteEtag(options.ifMatch)}"` } : {}),
        ...(options.ifNoneMatch !== undefined ? { IfNoneMatch: options.ifNoneMatch } : {}),
      }));
      return { etag: unquoteEtag(out.ETag) };
    } catch (err) {
      const failed = conditional ? conditionFailed(err, key, options) : null;
      throw failed ?? err;
    }
  }

  async function uploadFile(path: string, key: string, options: UploadFileOptions = {}): Promise<{ etag: string }> {
    const partSize = options.partSizeBytes ?? DEFAULT_PART_SIZE;
    const { size } = await stat(path);
    const params = { Bucket, Key: key, ContentType: options.contentType ?? DEFAULT_CONTENT_TYPE, Metadata: options.metadata };
    if (size <= partSize) {
      // One PUT with a known length: streamed, never buffered whole.
      const out = await client.send(new PutObjectCommand({ ...params, Body: createReadStream(path), ContentLength: size }));
      options.onProgress?.(size);
      return { etag: unquoteEtag(out.ETag) };
    }
    const upload = new Upload({ client, params: { ...params, Body: createReadStream(path) }, partSize, queueSize: 4 });
    upload.on('httpUploadProgress', (p) => { if (p.loaded !== undefined) options.onProgress?.(p.loaded); });
    const out = await upload.done();
    return { etag: unquoteEtag(out.ETag) };
  }

  // ListObjects v1 with Marker = last key: s3rver's v2 continuation tokens use DES, which
  // OpenSSL 3 (Node >= 17) no longer provides, so any truncated v2 listing fails with a 500.
  async function* list(prefix: string): AsyncIterable<ObjectInfo> {
    let marker: string | undefined;
    for (;;) {
      const page = await client.send(new ListObjectsCommand({ Bucket, Prefix: prefix, Marker: marker }));
      const contents = page.Contents ?? [];
      for (const o of contents) {
        if (o.Key === undefined) continue;
        yield { key: o.Key, size: o.Size ?? 0, etag: unquoteEtag(o.ETag), lastModified: o.LastModified ?? new Date(0), metadata: {} };
      }
      const last = contents[contents.length - 1]?.Key;
      if (!page.IsTruncated || last === undefined) return;
      marker = last;
    }
  }

  return {
    bucket: Bucket,
    async head(key) {
      try {
        return infoOf(key, await client.send(new HeadObjectCommand({ Bucket, Key: key })));
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async getBytes(key) {
      const out = await getObject(key);
      return out.Body ? out.Body.transformToByteArray() : new Uint8Array(0);
    },
    async getStream(key) {
      return bodyStream(await getObject(key), key);
    },
    async downloadToFile(key, path) {
      const out = await getObject(key);
      await pipeline(bodyStream(out, key), createWriteStream(path));
      return infoOf(key, out);
    },
    put,
    uploadFile,
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    list,
  };
}
