// An ObjectStore held in memory, with S3's semantics where callers rely on them: an MD5 ETag per write, key-ordered
// listings, conditional PUT (If-Match / If-None-Match) checked and applied in one step. For tests and tools that
// need a store without a server; the S3 implementation (s3ObjectStore.ts) is the one deployments use.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { NotFoundError, PreconditionFailedError } from '../errors.js';
import { putConditionProblem } from './objectStore.js';
import type { ObjectInfo, ObjectStore, PutConditions, PutOptions } from './objectStore.js';

interface Stored {
  bytes: Uint8Array;
  info: ObjectInfo;
}

export function createMemoryObjectStore(bucket = 'memory'): ObjectStore {
  const objects = new Map<string, Stored>();

  const get = (key: string): Stored => {
    const o = objects.get(key);
    if (!o) throw new NotFoundError(`object "${key}" in bucket "${bucket}" does not exist`);
    return o;
  };

  // Synchronous from the check to the set: no other write of the key can come between them.
  const put = async (key: string, body: Uint8Array | string, options: PutOptions & PutConditions = {}): Promise<{ etag: string }> => {
    const problem = putConditionProblem(objects.get(key)?.info.etag ?? null, options);
    if (problem) throw new PreconditionFailedError(`object "${key}": not written, ${problem}`);
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : Uint8Array.from(body);
    const etag = createHash('md5').update(bytes).digest('hex');
    objects.set(key, {
      bytes,
      info: { key, size: bytes.length, etag, lastModified: new Date(), metadata: { ...options.metadata }, contentType: options.contentType ?? 'application/octet-stream' },
    });
    return { etag };
  };

  return {
    bucket,
    head: async (key) => {
      const o = objects.get(key);
      return o ? { ...o.info, metadata: { ...o.info.metadata } } : null;
    },
    getBytes: async (key) => Uint8Array.from(get(key).bytes),
    getStream: async (key) => Readable.from([Buffer.from(get(key).bytes)]),
    downloadToFile: async (key, path) => {
      const o = get(key);
      await writeFile(path, o.bytes);
      return { ...o.info };
    },
    put,
    uploadFile: async (path, key, options = {}) => {
      const bytes = await readFile(path);
      const out = await put(key, bytes, options);
      options.onProgress?.(bytes.length);
      return out;
    },
    delete: async (key) => { objects.delete(key); },
    async *list(prefix) {
      for (const key of [...objects.keys()].filter((k) => k.startsWith(prefix)).sort()) {
        const o = objects.get(key);
        if (o) yield { ...o.info, metadata: {} };
      }
    },
  };
}
