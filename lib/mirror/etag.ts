// Expected S3 ETags for bytes sent in parts, to verify an upload without reading the object back.
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { Transform } from 'node:stream';

export interface EtagDigest {
  /** md5 of all bytes: the ETag of a single PUT (and of s3rver's multipart objects). */
  md5: string;
  /** md5 of the concatenated binary part md5s + "-<parts>": the ETag S3, MinIO and RGW give a multipart upload. */
  multipart: string;
  parts: number;
  size: number;
}

/** A pass-through stream that computes the ETags of what flows through, for parts of `partSize` bytes. */
export function etagTap(partSize: number): { stream: Transform; digest: () => EtagDigest } {
  const whole = createHash('md5');
  const partDigests: Buffer[] = [];
  let part: Hash = createHash('md5');
  let inPart = 0;
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      whole.update(chunk);
      size += chunk.length;
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(partSize - inPart, chunk.length - offset);
        part.update(chunk.subarray(offset, offset + n));
        inPart += n;
        offset += n;
        if (inPart === partSize) {
          partDigests.push(part.digest());
          part = createHash('md5');
          inPart = 0;
        }
      }
      done(null, chunk);
    },
  });
  return {
    stream,
    digest() {
      const digests = inPart > 0 || partDigests.length === 0 ? [...partDigests, part.copy().digest()] : partDigests;
      const multipart = `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
      return { md5: whole.copy().digest('hex'), multipart, parts: digests.length, size };
    },
  };
}

/** True when `etag` (unquoted) is one of the forms a store gives for these bytes. */
export function etagMatches(etag: string, d: EtagDigest): boolean {
  return etag === d.md5 || etag === d.multipart;
}
