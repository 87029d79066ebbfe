// The bucket, key and path-like parameters of an S3 request, refused (400 InvalidObjectName / InvalidArgument) when
// their decoded form could name a file outside the store folder: s3rver joins them into file paths unchecked.
import { keyProblem } from '../../lib/store/keySafety.js';
import { S3RequestError } from './s3Error.js';

/** Bucket names as S3 spells them (lower-case letters, digits, dots, hyphens), any length up to 63. */
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{0,62}$/;

export interface RequestNames {
  /** '' for the service (ListBuckets). */
  bucket: string;
  /** '' for a bucket request. */
  key: string;
  /** Source of a CopyObject / UploadPartCopy. */
  copySource: { bucket: string; key: string } | null;
}

function checkBucket(bucket: string): void {
  if (!BUCKET_RE.test(bucket) || bucket.includes('..')) throw new S3RequestError('InvalidArgument', `bucket name ${JSON.stringify(bucket)} is not a valid S3 bucket name`);
}

function checkKey(key: string, what: string): string {
  const problem = keyProblem(key);
  if (problem) throw new S3RequestError('InvalidObjectName', `${what} ${JSON.stringify(key)} ${problem}`);
  return decodeURIComponent(key);
}

function copySourceOf(header: string | string[] | undefined): RequestNames['copySource'] {
  if (header === undefined) return null;
  const raw = (Array.isArray(header) ? header.join(',') : header).split('?')[0].replace(/^\//, '');
  const slash = raw.indexOf('/');
  if (slash < 1) throw new S3RequestError('InvalidArgument', `x-amz-copy-source ${JSON.stringify(raw)} is not <bucket>/<key>`);
  const bucket = checkKey(raw.slice(0, slash), 'copy source bucket');
  checkBucket(bucket);
  return { bucket, key: checkKey(raw.slice(slash + 1), 'copy source key') };
}

/** Names of the request at `rawPath` (as sent, percent-encoded); throws an S3RequestError for a hostile one. */
export function readRequestNames(rawPath: string, query: URLSearchParams, headers: Record<string, string | string[] | undefined>): RequestNames {
  if (!rawPath.startsWith('/')) throw new S3RequestError('InvalidArgument', `request path ${JSON.stringify(rawPath)} must start with "/"`);
  const slash = rawPath.indexOf('/', 1);
  const rawBucket = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
  const rawKey = slash < 0 ? '' : rawPath.slice(slash + 1);
  const bucket = rawBucket === '' ? '' : checkKey(rawBucket, 'bucket');
  if (bucket !== '') checkBucket(bucket);
  if (bucket === '' && rawKey !== '') throw new S3RequestError('InvalidArgument', `request path ${JSON.stringify(rawPath)} has no bucket`);
  const key = rawKey === '' ? '' : checkKey(rawKey, 'key');
  const uploadId = query.get('uploadId');
  if (uploadId !== null && !/^[0-9a-f]{32}$/.test(uploadId)) throw new S3RequestError('InvalidArgument', `uploadId ${JSON.stringify(uploadId)} is not one this store issued`);
  const part = query.get('partNumber');
  if (part !== null && (!/^\d{1,5}$/.test(part) || +part < 1 || +part > 10000)) throw new S3RequestError('InvalidArgument', `partNumber ${JSON.stringify(part)} must be 1 to 10000`);
  const prefix = query.get('prefix');
  if (prefix) {
    const problem = keyProblem(encodeURIComponent(prefix), { allowTrailingSlash: true });
    if (problem) throw new S3RequestError('InvalidArgument', `prefix ${JSON.stringify(prefix)} ${problem}`);
  }
  return { bucket, key, copySource: copySourceOf(headers['x-amz-copy-source']) };
}
