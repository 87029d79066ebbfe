// Checks a request body against what its signature covers while it streams into s3rver: the sha256 named in
// x-amz-content-sha256, or every chunk signature of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD (aws-chunked) body,
// which is decoded here so that s3rver stores the payload, not the chunk framing.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import S3Error from 's3rver/lib/models/error.js';
import type { ClaimSigner } from './verifySignature.js';
import type { SigV4Claim } from './sigv4Claim.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MAX_CHUNK_HEADER = 256;

/** An error s3rver renders as S3 XML with a 4xx status (its own table lacks these codes). The temp file is dropped. */
function bodyError(code: string, message: string, status: number): Error {
  const err = new S3Error(code, message);
  err.status = status;
  return err;
}

const sameHex = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Passes the body through; fails the stream at its end unless its sha256 is `expectedHex`. */
export function sha256Check(expectedHex: string): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); },
    flush(done) {
      const got = hash.digest('hex');
      done(sameHex(got, expectedHex.toLowerCase()) ? null : bodyError('XAmzContentSHA256Mismatch', `The provided 'x-amz-content-sha256' header does not match what was computed (${got}).`, 400));
    },
  });
}

type State = 'header' | 'data' | 'crlf' | 'done';

/**
 * Decodes aws-chunked framing (`<hex size>;chunk-signature=<sig>\r\n<data>\r\n`, ending with a 0-size chunk) and
 * verifies each chunk's signature, chained from the seed (the request's own signature), as the AWS docs define:
 * HMAC(signing key, "AWS4-HMAC-SHA256-PAYLOAD\n" date "\n" scope "\n" previous "\n" sha256("") "\n" sha256(data)).
 */
export function awsChunkedDecoder(signer: ClaimSigner, claim: SigV4Claim, decodedLength: number): Transform {
  const scope = `${claim.scopeDate}/${claim.region}/${claim.service}/aws4_request`;
  let previous = claim.signature;
  let state: State = 'header';
  let pending: Buffer = Buffer.alloc(0);
  let remaining = 0;
  let claimed = '';
  let hash = createHash('sha256');
  let total = 0;

  async function verifyChunk(): Promise<void> {
    const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', claim.amzDate, scope, previous, EMPTY_SHA256, hash.digest('hex')].join('\n');
    const expected = await signer.sign(stringToSign, { signingDate: claim.signedAt, signingRegion: claim.region, signingService: claim.service });
    if (!sameHex(expected, claimed)) throw bodyError('SignatureDoesNotMatch', `chunk ending at byte ${total} of the decoded body: chunk-signature does not match`, 403);
    previous = claimed;
  }

  let finalSeen = false;

  async function consume(out: Transform): Promise<void> {
    for (;;) {
      if (state === 'done') {
        if (pending.length > 0) throw bodyError('IncompleteBody', 'aws-chunked body: bytes after the final chunk', 400);
        return;
      }
      if (state === 'header') {
        const end = pending.indexOf('\r\n');
        if (end < 0) {
          if (pending.length > MAX_CHUNK_HEADER) throw bodyError('IncompleteBody', 'aws-chunked body: chunk header too long', 400);
          return;
        }
        const m = /^([0-9a-fA-F]{1,8});chunk-signature=([0-9a-f]{64})$/.exec(pending.subarray(0, end).toString('latin1'));
        if (!m) throw bodyError('IncompleteBody', 'aws-chunked body: malformed chunk header', 400);
        remaining = parseInt(m[1], 16);
        finalSeen = remaining === 0;
        claimed = m[2];
        hash = createHash('sha256');
        pending = pending.subarray(end + 2);
        state = 'data';
      }
      if (state === 'data') {
        const take = pending.subarray(0, remaining);
        if (take.length > 0) {
          hash.update(take);
          total += take.length;
          if (total > decodedLength) throw bodyError('IncompleteBody', `aws-chunked body is longer than x-amz-decoded-content-length ${decodedLength}`, 400);
          out.push(take);
          remaining -= take.length;
          pending = pending.subarray(take.length);
        }
        if (remaining > 0) return;
        await verifyChunk();
        state = 'crlf';
      }
      if (pending.length < 2) return;
      if (pending[0] !== 13 || pending[1] !== 10) throw bodyError('IncompleteBody', 'aws-chunked body: chunk not followed by CRLF', 400);
      pending = pending.subarray(2);
      state = finalSeen ? 'done' : 'header';
    }
  }

  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      consume(this).then(() => done(), (err: unknown) => done(err instanceof Error ? err : new Error(String(err))));
    },
    flush(done) {
      const complete = state === 'done' && total === decodedLength;
      done(complete ? null : bodyError('IncompleteBody', `aws-chunked body ended after ${total} of ${decodedLength} decoded bytes, before its final chunk`, 400));
    },
  });
}
