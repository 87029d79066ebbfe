// Expiring GET links to stored objects (presigned S3 URLs), for answers that hand outputs to the caller.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createS3Client } from './client.js';
import type { StoreConfig } from './config.js';

/** Makes a link to a key; valid for the linker's lifetime only. */
export type Linker = (key: string) => Promise<string>;

/** Links signed for `seconds`, addressed to `publicEndpoint` when callers reach the store by another name than the functions. */
export function createLinker(cfg: StoreConfig, seconds: number, publicEndpoint?: string): Linker {
  const client = createS3Client({ ...cfg, endpoint: publicEndpoint ?? cfg.endpoint });
  return (key) => getSignedUrl(client, new GetObjectCommand({ Bucket: cfg.bucket, Key: key }), { expiresIn: seconds });
}
