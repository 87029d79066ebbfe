// Tests for the store-notification adapter against MinIO webhook JSON (systems.md §3.2) and AWS S3 events.
import { describe, expect, it } from 'vitest';
import { isObjectCreated, parseStoreNotification, queryEscape, queryUnescape } from '../../../lib/events/notification.js';

/** A MinIO `event.Log` body exactly as webhook.go sends it, for one object name. */
function minioLog(eventName: string, bucket: string, name: string, escapedKey: string): unknown {
  return {
    EventName: eventName,
    Key: `${bucket}/${name}`,
    Records: [{
      eventVersion: '2.0', eventSource: 'minio:s3', awsRegion: '', eventTime: '2026-05-01T10:11:12.345Z', eventName,
      userIdentity: { principalId: 'minioadmin' },
      requestParameters: { principalId: 'minioadmin', region: '', sourceIPAddress: '10.0.0.7' },
      responseElements: { 'x-amz-request-id': '17E0B3C9F1A2B3C4', 'x-amz-id-2': 'dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8', 'x-minio-origin-endpoint': 'http://10.0.0.5:9000', 'x-minio-deployment-id': '5b1e2b8e-6c1d-4f0a-9d8e-0c2b6a7f1e3d', 'content-length': '0' },
      s3: {
        s3SchemaVersion: '1.0', configurationId: 'Config',
        bucket: { name: bucket, ownerIdentity: { principalId: 'minioadmin' }, arn: `arn:aws:s3:::${bucket}` },
        object: { key: escapedKey, size: 20971520, eTag: 'a4a9a1e1b9e0c2d3f4a5b6c7d8e9f001-3', contentType: 'image/tiff', userMetadata: { 'content-type': 'image/tiff', 'X-Amz-Meta-Operator': 'jdoe' }, versionId: '', sequencer: '18A6F3C2B1D0E9F8' },
      },
      source: { host: '10.0.0.7', port: '', userAgent: 'MinIO (linux; amd64) minio-go/v7.0.70 mc/RELEASE.2024-05-09T17-04-24Z' },
    }],
  };
}

/** An AWS S3 event notification (docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html). */
const AWS_EVENT = {
  Records: [{
    eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-west-2', eventTime: '2026-05-01T10:11:12.345Z', eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAJDPLRKLG7UEXAMPLE' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
    s3: {
      s3SchemaVersion: '1.0', configurationId: 'testConfigRule',
      bucket: { name: 'cryoem', ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: 'arn:aws:s3:::cryoem' },
      object: { key: 'raw/exp1/sess%C3%A91/grid+3%2Fsq%26a.tif', size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko', sequencer: '0055AED6DCD90281E5' },
    },
  }],
};

describe('queryEscape', () => {
  it.each([
    ['raw/e/s/a b.tif', 'raw%2Fe%2Fs%2Fa+b.tif'],
    ["it's (1)*!~._-", 'it%27s+%281%29%2A%21~._-'],
    ['é+&=?', '%C3%A9%2B%26%3D%3F'],
  ])('escapes %j as Go url.QueryEscape does', (raw, escaped) => {
    expect(queryEscape(raw)).toBe(escaped);
    expect(queryUnescape(escaped)).toBe(raw);
  });

  it('rejects broken escapes, naming the key', () => {
    expect(() => queryUnescape('raw%2')).toThrow('notification key "raw%2": not valid URL encoding');
  });
});

describe('parseStoreNotification', () => {
  it('reads a MinIO webhook for a key with spaces and slashes', () => {
    const name = 'raw/exp 1/session-001/grid 3/sq+1_0001.tif';
    const [event, ...rest] = parseStoreNotification(minioLog('s3:ObjectCreated:Put', 'cryoem', name, queryEscape(name)));
    expect(rest).toEqual([]);
    expect(event).toEqual({
      eventName: 's3:ObjectCreated:Put', bucket: 'cryoem', key: name, etag: 'a4a9a1e1b9e0c2d3f4a5b6c7d8e9f001-3', size: 20971520,
      contentType: 'image/tiff', userMetadata: { 'content-type': 'image/tiff', 'X-Amz-Meta-Operator': 'jdoe' }, eventSource: 'minio:s3',
      eventTime: '2026-05-01T10:11:12.345Z', sequencer: '18A6F3C2B1D0E9F8',
    });
    expect(isObjectCreated(event)).toBe(true);
  });

  it('decodes the record key when the top-level Key is absent', () => {
    const name = 'raw/e/s/a b%c.tif';
    const body = minioLog('s3:ObjectCreated:CompleteMultipartUpload', 'cryoem', name, queryEscape(name)) as { Key?: string };
    delete body.Key;
    expect(parseStoreNotification(body)[0].key).toBe(name);
  });

  it('reads a MinIO delete as not created', () => {
    const [event] = parseStoreNotification(minioLog('s3:ObjectRemoved:Delete', 'cryoem', 'raw/e/s/m.tif', 'raw%2Fe%2Fs%2Fm.tif'));
    expect(event.eventName).toBe('s3:ObjectRemoved:Delete');
    expect(isObjectCreated(event)).toBe(false);
  });

  it('reads an AWS S3 event, normalising the event name and decoding the key', () => {
    const [event] = parseStoreNotification(AWS_EVENT);
    expect(event).toMatchObject({ eventName: 's3:ObjectCreated:Put', bucket: 'cryoem', key: 'raw/exp1/sessé1/grid 3/sq&a.tif', etag: 'd41d8cd98f00b204e9800998ecf8427e', size: 1024, eventSource: 'aws:s3', userMetadata: {} });
  });

  it('keeps Ceph RGW keys as sent', () => {
    const rgw = structuredClone(AWS_EVENT);
    rgw.Records[0].eventSource = 'ceph:s3';
    rgw.Records[0].s3.object.key = 'raw/e/s/a+b.tif';
    expect(parseStoreNotification(rgw)[0].key).toBe('raw/e/s/a+b.tif');
  });

  it('gives no events for the AWS test event', () => {
    expect(parseStoreNotification({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-05-01T10:11:12.345Z', Bucket: 'cryoem' })).toEqual([]);
  });

  it.each([
    [{}, 'store notification: Records: Invalid input: expected array, received undefined'],
    [{ Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: {} } }] }, 'store notification: Records.0.s3.object.key: Invalid input: expected string, received undefined'],
    [[1, 2], 'store notification: body: Invalid input: expected object, received array'],
  ])('names the problem in a malformed body %#', (body, message) => {
    expect(() => parseStoreNotification(body)).toThrow(message);
  });
});
