// Checks a request body against what its signature covers while it streams into s3rver: the sha256 named in
// x-amz-content-sha256, or every chunk signature of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD (aws-chunked) body,
// which is decoded here so that s3rver stores the payload, not the chunk framing.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Transform } from 'node:stream';
import type { Readable, TransformCallback } from 'node:stream';
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

/** Throws XAmzContentSHA256Mismatch unless the body's sha256 `gotHex` is the one its signature covers. */
export function assertSha256(gotHex: string, expectedHex: string): void {
  if (!sameHex(gotHex, expectedHex.toLowerCase())) {
    throw bodyError('XAmzContentSHA256Mismatch', `The provided 'x-amz-content-sha256' header does not match what was computed (${gotHex}).`, 400);
  }
}

/**
 * A request body that must hash to `expectedHex` (its x-amz-content-sha256). Read as a stream, it passes the body
 * through and fails at the end on a mismatch. A consumer that hashes the bytes in its own pass anyway (the object
 * writer) may instead take the still-unread source with takeSource(), and then owns the check: it must call
 * assertSha256 before it commits anything. Nothing flows until either happens.
 */
export class Sha256CheckedBody extends Transform {
  // ES private fields: this object also poses as the request for s3rver (store/auth/s3rverRequest.ts).
  #source: Readable | null;
  readonly #hash = createHash('sha256');
  readonly #forwardError = (err: Error): void => { this.destroy(err); };

  constructor(source: Readable, readonly expectedHex: string) {
    super();
    this.#source = source;
  }

  /** The unread source, once: null when reading has begun (the stream checks) or it was already taken. */
  takeSource(): Readable | null {
    const source = this.#source;
    this.#source = null;
    return source;
  }

  override _read(size: number): void {
    const source = this.#source;
    this.#source = null;
    // Errors are forwarded only from here: a body nobody reads (a GET's, a HEAD's) must not turn the client's
    // hang-up into an 'error' on a stream without listeners, which would throw outside the request.
    source?.on('error', this.#forwardError);
    source?.pipe(this);
    super._read(size);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    try {
      assertSha256(this.#hash.digest('hex'), this.expectedHex);
      done();
    } catch (err) {
      done(err instanceof Error ? err : new Error(String(err)));
    }
  }
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
