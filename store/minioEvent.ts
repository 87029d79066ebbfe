// Turns one s3rver object event into the webhook body MinIO sends (systems.md §3.2), so the connector runs its production path.
import type { S3rverEvent } from 's3rver';
import { queryEscape } from '../lib/events/notification.js';
import type { ObjectInfo } from '../lib/store/index.js';

type S3rverRecord = S3rverEvent['Records'][number];

/** MinIO's event names for s3rver's: a completed multipart upload arrives from s3rver as `ObjectCreated:Post`. */
export function minioEventName(s3rverName: string): string {
  if (s3rverName === 'ObjectCreated:Post') return 's3:ObjectCreated:CompleteMultipartUpload';
  return `s3:${s3rverName}`;
}

export interface MinioEventOptions {
  /** Endpoint of the store, for responseElements and source. */
  endpoint: string;
  /** Access key id the store serves, as MinIO's principalId. */
  principalId: string;
  /** @default '' (MinIO leaves the region empty unless configured) */
  region?: string;
}

/** The MinIO `event.Log` for one record; `info` (from a HEAD) fills ETag, size, type and user metadata. */
export function toMinioLog(record: S3rverRecord, info: ObjectInfo | null, options: MinioEventOptions): unknown {
  const bucket = record.s3.bucket.name;
  const key = record.s3.object.key;
  const eventName = minioEventName(record.eventName);
  const object: Record<string, unknown> = { key: queryEscape(key), sequencer: record.s3.object.sequencer };
  if (info) {
    Object.assign(object, { size: info.size, eTag: info.etag, contentType: info.contentType ?? 'application/octet-stream', userMetadata: info.metadata, versionId: '' });
  } else if (record.s3.object.eTag !== undefined) {
    Object.assign(object, { size: record.s3.object.size ?? 0, eTag: record.s3.object.eTag, userMetadata: {} });
  }
  const url = new URL(options.endpoint);
  return {
    EventName: eventName,
    Key: `${bucket}/${key}`,
    Records: [{
      eventVersion: '2.0', eventSource: 'minio:s3', awsRegion: options.region ?? '', eventTime: record.eventTime, eventName,
      userIdentity: { principalId: options.principalId },
      requestParameters: { principalId: options.principalId, region: options.region ?? '', sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-minio-origin-endpoint': options.endpoint },
      s3: {
        s3SchemaVersion: '1.0', configurationId: 'Config',
        bucket: { name: bucket, ownerIdentity: { principalId: options.principalId }, arn: `arn:aws:s3:::${bucket}` },
        object,
      },
      source: { host: url.hostname, port: url.port, userAgent: 'cryoem-daq embedded store (s3rver)' },
    }],
  };
}
