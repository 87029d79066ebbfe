// The timed operations of the store benchmark: one PUT, single-part (PutObject) or multipart (@aws-sdk/lib-storage,
// 8 MB parts, its default 4 parts in flight), and one GET that must return the whole object.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

export const PART_SIZE = 8 * 1024 * 1024;

export type UploadKind = 'single' | 'multipart';

/** Wall-clock and CPU (user + system, every thread of this process: client, store and its fs threads) milliseconds. */
export interface OpTime { ms: number; cpuMs: number }

async function timed(op: () => Promise<void>): Promise<OpTime> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await op();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The time to store `body` under `key`. */
export function timePut(s3: S3Client, bucket: string, key: string, body: Buffer, kind: UploadKind): Promise<OpTime> {
  return timed(async () => {
    if (kind === 'single') await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    else await new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: body }, partSize: PART_SIZE, leavePartsOnError: false }).done();
  });
}

/** The time to read `key` whole; a short read throws (it would flatter the store). */
export function timeGet(s3: S3Client, bucket: string, key: string, size: number): Promise<OpTime> {
  return timed(async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = await got.Body?.transformToByteArray();
    if (bytes?.length !== size) throw new Error(`${key}: read ${bytes?.length ?? 0} bytes, expected ${size}`);
  });
}
