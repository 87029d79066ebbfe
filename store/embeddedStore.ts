// The embedded S3-compatible store: s3rver on loopback with its objects on disk, emitting object events.
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import type { S3rverEvent } from 's3rver';
import account from 's3rver/lib/models/account.js';
import { makeObjectWritesAtomic } from './atomicObjectWrites.js';

export interface EmbeddedStoreOptions {
  /** Folder holding the buckets' objects. */
  dataDir: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  /** Buckets created at start if missing. @default [] */
  buckets?: string[];
  /** Called for every object event s3rver emits (created, copied, removed). */
  onEvent?: (event: S3rverEvent) => void;
  /** Answers a request before the S3 guard (e.g. the metrics path) when it returns true. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface EmbeddedStore {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The access key id a request is signed with (SigV4 header or presigned query), or null. */
export function requestAccessKeyId(req: Pick<IncomingMessage, 'headers' | 'url'>): string | null {
  const auth = req.headers.authorization;
  const fromHeader = typeof auth === 'string' ? /Credential=([^/,\s]+)\//.exec(auth) ?? /^AWS ([^:]+):/.exec(auth) : null;
  if (fromHeader) return fromHeader[1];
  const query = new URL(req.url ?? '/', 'http://store').searchParams;
  const credential = query.get('X-Amz-Credential') ?? query.get('AWSAccessKeyId');
  return credential ? credential.split('/')[0] : null;
}

function denied(res: ServerResponse): void {
  res.writeHead(403, { 'content-type': 'application/xml' });
  res.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
}

/**
 * Starts s3rver behind a guard that admits only requests carrying our access key id. s3rver itself
 * lets unsigned requests through and does not check SigV4 signatures (lib/middleware/authentication.js:
 * "Signature version 4 calculation is unimplemented"), so the secret is not verified: the store
 * listens on loopback only.
 */
export async function startEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  await mkdir(options.dataDir, { recursive: true });
  // s3rver checks signatures against a process-wide account registry; add our generated key pair to it.
  account.DUMMY_ACCOUNT.createKeyPair(options.accessKeyId, options.secretAccessKey);
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
  const http = createServer((req, res) => {
    if (options.intercept?.(req, res)) return;
    // CORS preflights carry no credentials by design (the browser's presigned part PUTs); they read no data.
    if (req.method !== 'OPTIONS' && requestAccessKeyId(req) !== options.accessKeyId) return denied(res);
    handle(req, res);
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
