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
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }>;
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
