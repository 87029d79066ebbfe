// Recomputes a request's SigV4 signature with the maintained signer (@smithy/signature-v4) and compares it in
// constant time; enforces the clock: 15 minutes of skew for headers, X-Amz-Date + X-Amz-Expires for presigned URLs.
import { timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { S3RequestError } from './s3Error.js';
import type { SigV4Claim } from './sigv4Claim.js';

/** S3 refuses a request signed more than 15 minutes away from its own clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export interface SignedRequest {
  method: string;
  /** Path as sent on the wire (percent-encoded), without the query. */
  rawPath: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

/** RFC 3986 escaping as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** S3's canonical URI: each segment decoded and escaped once (clients differ in what they escape on the wire). */
export function canonicalPath(rawPath: string): string {
  return rawPath.split('/').map((segment) => escapeUri(decodeURIComponent(segment))).join('/');
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of query) {
    if (k === 'X-Amz-Signature') continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  return out;
}

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function signerFor(claim: SigV4Claim, secretAccessKey: string): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: claim.accessKeyId, secretAccessKey },
    region: claim.region, service: claim.service, sha256: Hash.bind(null, 'sha256'), uriEscapePath: false, applyChecksum: false,
  });
}

/** The signer for the claim's scope; chunk signatures of a streamed upload are computed with it too. */
export type ClaimSigner = SignatureV4;

function checkClock(claim: SigV4Claim, now: Date): void {
  if (claim.signedAt.toISOString().slice(0, 10).replace(/-/g, '') !== claim.scopeDate) {
    throw new S3RequestError('SignatureDoesNotMatch', `X-Amz-Date ${claim.amzDate} is not on the credential scope's date ${claim.scopeDate}`);
  }
  const skew = claim.signedAt.getTime() - now.getTime();
  if (claim.expiresS === null) {
    if (Math.abs(skew) > MAX_SKEW_MS) throw new S3RequestError('RequestTimeTooSkewed', `the request was signed at ${claim.amzDate}, more than 15 minutes from the store's time ${now.toISOString()}`);
    return;
  }
  if (skew > MAX_SKEW_MS) throw new S3RequestError('AccessDenied', `the presigned URL is dated ${claim.amzDate}, in the future`);
  if (-skew > claim.expiresS * 1000) throw new S3RequestError('AccessDenied', `Request has expired: the presigned URL was valid for ${claim.expiresS} s from ${claim.amzDate}`);
}

/**
 * Throws an S3RequestError unless `req` is signed by `secretAccessKey` as `claim` says; returns the signer, whose
 * scope also signs the chunks of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body.
 */
export async function verifySignature(req: SignedRequest, claim: SigV4Claim, secretAccessKey: string, now: Date): Promise<ClaimSigner> {
  checkClock(claim, now);
  const signed = new Set(claim.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const v = headerValue(req.headers, name);
    if (v === undefined) throw new S3RequestError('SignatureDoesNotMatch', `signed header "${name}" is missing from the request`);
    headers[name] = v;
  }
  // The payload hash line: the header's claim for header auth (the body is checked against it as it streams),
  // always UNSIGNED-PAYLOAD for presigned URLs.
  const payloadHash = claim.expiresS === null ? headerValue(req.headers, 'x-amz-content-sha256') : UNSIGNED_PAYLOAD;
  if (payloadHash === undefined) throw new S3RequestError('InvalidRequest', 'missing required header x-amz-content-sha256');
  headers['x-amz-content-sha256'] = payloadHash;
  const notSigned = new Set(signed.has('x-amz-content-sha256') ? [] : ['x-amz-content-sha256']);
  const request = new HttpRequest({ method: req.method, protocol: 'http:', hostname: headerValue(req.headers, 'host') ?? '', path: canonicalPath(req.rawPath), query: queryRecord(req.query), headers });
  const signer = signerFor(claim, secretAccessKey);
  let expected: string;
  if (claim.expiresS === null) {
    const out = await signer.sign(request, { signingDate: claim.signedAt, signableHeaders: signed, unsignableHeaders: notSigned });
    expected = /Signature=([0-9a-f]{64})/.exec(String(out.headers.authorization))?.[1] ?? '';
  } else {
    const out = await signer.presign(request, {
      signingDate: claim.signedAt, expiresIn: claim.expiresS, signableHeaders: signed, unsignableHeaders: notSigned,
      unhoistableHeaders: new Set(Object.keys(headers)),
    });
    const sig = out.query?.['X-Amz-Signature'];
    expected = typeof sig === 'string' ? sig : '';
  }
  if (!timingSafeEqual(Buffer.from(expected.padEnd(64, '0')), Buffer.from(claim.signature))) {
    throw new S3RequestError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
  return signer;
}
