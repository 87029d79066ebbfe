// The embedded S3-compatible store: s3rver on loopback with its objects on disk, emitting object events.
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import type { S3rverEvent } from 's3rver';
import { unquoteEtag } from '../lib/store/objectStore.js';
import { makeObjectWritesAtomic } from './atomicObjectWrites.js';
import { fullAccess } from './auth/access.js';
import type { AccessLookup } from './auth/access.js';
import { conditionalWrites } from './auth/conditionalWrites.js';
import { admitRequest } from './auth/requestGuard.js';
import { S3RequestError, sendS3Error } from './auth/s3Error.js';
import { auditWhenAnswered, refusalEvent } from './auth/storeAudit.js';
import type { StoreAudit } from './auth/storeAudit.js';
import { preflightRequest, s3rverRequest } from './auth/s3rverRequest.js';

export interface EmbeddedStoreOptions {
  /** Folder holding the buckets' objects. */
  dataDir: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** The service key: full access to every bucket. */
  accessKeyId: string;
  secretAccessKey: string;
  /** Further keys (the key table); consulted for any access key id other than the service key's. */
  lookup?: AccessLookup;
  /** The store's clock, for signature dates and presigned expiry. @default () => new Date() */
  now?: () => Date;
  /** Buckets created at start if missing. @default [] */
  buckets?: string[];
  /** Called for every object event s3rver emits (created, copied, removed). */
  onEvent?: (event: S3rverEvent) => void;
  /** Told of every refusal of a user's S3 key and every write it made (the access audit trail). */
  audit?: StoreAudit;
  /** Answers a request before the S3 guard (e.g. the metrics path) when it returns true. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface EmbeddedStore {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts s3rver behind a guard (store/auth/requestGuard.ts) that verifies every request's SigV4 signature, its
 * names and the key's policy before s3rver sees it: s3rver itself lets unsigned requests through, does not check
 * SigV4 signatures ("Signature version 4 calculation is unimplemented") and joins keys into file paths unchecked.
 */
export async function startEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const host = options.host ?? '127.0.0.1';
  const server = new S3rver({
    address: host,
    port: options.port,
    silent: true,
    directory: options.dataDir,
    // Path-style only: "bucket.localhost" virtual hosts would misroute requests to 127.0.0.1.
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  makeObjectWritesAtomic(server.store);
  if (options.onEvent) server.on('event', options.onEvent);
  await server.configureBuckets();
  const handle = server.callback();
  const service = fullAccess(options.secretAccessKey);
  const lookup: AccessLookup = (id, at) => (id === options.accessKeyId ? service : options.lookup?.(id, at) ?? null);
  const now = options.now ?? (() => new Date());
  const writes = conditionalWrites(async (bucket, key) => {
    try {
      return unquoteEtag((await server.store.getMetadata(bucket, key)).etag);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  });
  const http = createServer((req, res) => {
    if (options.intercept?.(req, res)) return;
    // CORS preflights carry no credentials by design (the browser's presigned part PUTs); they read no data.
    if (req.method === 'OPTIONS') return handle(preflightRequest(req), res);
    let body: Readable = req;
    admitRequest(req, lookup, now())
      .then((admitted) => {
        body = admitted.body;
        auditWhenAnswered(req, res, admitted, options.audit);
        return writes.serve(req, res, admitted.names, () => handle(s3rverRequest(req, admitted), res));
      })
      .catch((err: unknown) => {
        const refusal = err instanceof S3RequestError ? err : new S3RequestError('AccessDenied', 'the request could not be verified');
        sendS3Error(res, refusal, (req.url ?? '/').split('?')[0]);
        const event = refusalEvent(req, refusal);
        if (event) options.audit?.(event);
        body.resume(); // drain the unread body so the client sees the answer rather than a reset
        if (body !== req) req.resume();
      });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    stop: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
