// Checks before mirroring: the share is a readable folder, and the store answers for the bucket within a time limit.
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { describeError, InvalidInputError, ToolFailedError } from '../errors.js';

/** Throws naming the folder unless `shareDir` exists, is a folder and can be listed. */
export async function checkShare(shareDir: string): Promise<void> {
  const s = await stat(shareDir).catch((err: unknown) => {
    throw new InvalidInputError(`share "${shareDir}": ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${describeError(err)})`}`, { cause: err });
  });
  if (!s.isDirectory()) throw new InvalidInputError(`share "${shareDir}": is not a folder`);
  try {
    await access(shareDir, constants.R_OK | constants.X_OK);
    await readdir(shareDir);
  } catch (err) {
    throw new InvalidInputError(`share "${shareDir}": cannot be listed (${describeError(err)})`, { cause: err });
  }
}

export interface CheckStoreOptions {
  /** Shown in messages (the S3 endpoint URL). */
  endpoint: string;
  /** Give up after this long: an unreachable host otherwise hangs in connect. @default 10000 */
  timeoutMs?: number;
}

/** Throws naming the endpoint and bucket unless a HEAD on the bucket succeeds within the time limit. */
export async function checkStore(client: S3Client, bucket: string, options: CheckStoreOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const where = `store ${options.endpoint} (bucket "${bucket}")`;
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) throw new InvalidInputError(`${where}: the bucket does not exist`, { cause: err });
    if (status === 401 || status === 403) throw new InvalidInputError(`${where}: access denied (check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)`, { cause: err });
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new ToolFailedError(`${where}: not reachable${timedOut ? ` within ${timeoutMs / 1000} s` : ''} (${describeError(err)})`, { cause: err });
  }
}
