// The tiny storage interface steps, the connector and the CLI use; one S3 implementation backs it.

export interface ObjectInfo {
  key: string;
  size: number;
  /** ETag without surrounding quotes (multipart ETags keep their "-<parts>" suffix). */
  etag: string;
  lastModified: Date;
  /** User metadata (x-amz-meta-*), lower-case names; empty in listings. */
  metadata: Record<string, string>;
  /** Content-Type, from head/get only. */
  contentType?: string;
}

export interface PutOptions {
  /** @default 'application/octet-stream' */
  contentType?: string;
  /** @default {} */
  metadata?: Record<string, string>;
}

/**
 * Conditions on a single-object PUT, as S3 and MinIO take them (If-Match / If-None-Match on PutObject); a write
 * whose condition does not hold throws PreconditionFailedError (412) and changes nothing. Compare-and-swap for
 * small documents several processes update (the access state).
 */
export interface PutConditions {
  /** Write only while the object's ETag is this one (quotes optional); a missing object fails too. */
  ifMatch?: string;
  /** '*': write only while no object has this key. */
  ifNoneMatch?: '*';
}

export interface UploadFileOptions extends PutOptions {
  /** Multipart part size; files up to this size go in one PUT. @default 16 MiB */
  partSizeBytes?: number;
  /** Called with the bytes sent so far. @default undefined */
  onProgress?: (sentBytes: number) => void;
}

export interface ObjectStore {
  readonly bucket: string;
  /** The object's info, or null when it does not exist. */
  head(key: string): Promise<ObjectInfo | null>;
  getBytes(key: string): Promise<Uint8Array>;
  getStream(key: string): Promise<NodeJS.ReadableStream>;
  downloadToFile(key: string, path: string): Promise<ObjectInfo>;
  put(key: string, body: Uint8Array | string, options?: PutOptions & PutConditions): Promise<{ etag: string }>;
  /** Uploads a file, multipart (@aws-sdk/lib-storage) when larger than one part. */
  uploadFile(path: string, key: string, options?: UploadFileOptions): Promise<{ etag: string }>;
  delete(key: string): Promise<void>;
  /** Every object under `prefix`, in key order; metadata is empty in listings. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
}

/** "\"abc\"" → "abc"; S3 returns ETags quoted. */
export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/^"+|"+$/g, '');
}

/**
 * Why `conditions` fail against an object whose ETag is `current` (null: no object), or null when they hold.
 * The one evaluation shared by the in-memory store and the embedded store's guard.
 */
export function putConditionProblem(current: string | null, conditions: PutConditions): string | null {
  if (conditions.ifNoneMatch === '*' && current !== null) return `it exists (ETag ${current}) and If-None-Match: * asks for a new object`;
  if (conditions.ifMatch === undefined) return null;
  if (current === null) return `it does not exist and If-Match asks for ETag ${unquoteEtag(conditions.ifMatch)}`;
  const wanted = conditions.ifMatch.split(',').map((e) => unquoteEtag(e.trim()));
  if (wanted.includes('*') || wanted.includes(unquoteEtag(current))) return null;
  return `its ETag is ${unquoteEtag(current)}, not ${wanted.join(' or ')} (If-Match): it changed since it was read`;
}
