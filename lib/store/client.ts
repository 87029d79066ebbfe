// The one place an AWS SDK S3 client is made, with the settings every S3-compatible store needs.
import { S3Client } from '@aws-sdk/client-s3';
import type { StoreConfig } from './config.js';

/**
 * An S3 client for `cfg`. Checksums only WHEN_REQUIRED: with the SDK's defaults a streamed PutObject
 * is sent with aws-chunked trailing checksums, which s3rver stores verbatim (20,974,436 bytes kept
 * for a 20,971,520-byte file). Path-style addressing because s3rver, MinIO and RGW on one host
 * have no per-bucket DNS names.
 */
export function createS3Client(cfg: StoreConfig): S3Client {
  return new S3Client({
    endpoint: cfg.endpoint,
    region: cfg.region,
    credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
