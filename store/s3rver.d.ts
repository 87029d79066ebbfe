// Types for the parts of s3rver 3.7 (a CommonJS package without typings) the embedded store uses.
declare module 's3rver' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  import type { AddressInfo } from 'node:net';

  export interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  /** s3rver's own S3-style event (one record), emitted as `event` on the app. */
  export interface S3rverEvent {
    Records: {
      eventName: string;
      eventTime: string;
      s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer: string } };
    }[];
  }

  /** An object as s3rver's store receives it on PUT, multipart complete and copy. */
  export interface S3rverObject {
    bucket: string;
    key: string;
    content: NodeJS.ReadableStream | Buffer;
    metadata: Record<string, string>;
  }

  /** The parts of s3rver's FilesystemStore (lib/stores/filesystem.js) that atomicObjectWrites replaces. */
  export interface S3rverFilesystemStore {
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
    putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
    putPart(bucket: string, uploadId: string, partNumber: number, content: NodeJS.ReadableStream): Promise<{ size: number; md5: string }>;
    /** Stored headers of an object, `etag` JSON-quoted; rejects with ENOENT when the object does not exist. */
    getMetadata(bucket: string, key: string): Promise<Record<string, string> & { etag: string }>;
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    store: S3rverFilesystemStore;
    httpServer?: Server;
    run(): Promise<AddressInfo>;
    configureBuckets(): Promise<void>;
    /** Koa's request listener for a node http server. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    close(): Promise<void>;
    on(event: 'event', listener: (event: S3rverEvent) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
  }
}

declare module 's3rver/lib/models/object.js' {
  const S3Object: { ALLOWED_METADATA: string[] };
  export default S3Object;
}

declare module 's3rver/lib/models/error.js' {
  /** s3rver's error type: thrown inside a request, it is rendered as S3 XML with `status`. */
  class S3Error extends Error {
    constructor(code: string, message: string, detail?: Record<string, string>);
    code: string;
    status: number;
  }
  export default S3Error;
}
