// The request s3rver's Koa app sees once the guard admitted it: no signature left (s3rver would re-check it against
// its own clock and account list, and lets anonymous requests through), and the verified body stream with the
// headers that describe it (a decoded aws-chunked body has its own length).
import type { IncomingMessage } from 'node:http';
import type { Admitted } from './requestGuard.js';

const SIGNATURE_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token'];

/** The URL without presigned-signature parameters (s3rver would check them against its own account list). */
export function unsignedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = new URLSearchParams(url.slice(q + 1));
  if (!SIGNATURE_PARAMS.some((p) => query.has(p))) return url;
  for (const p of SIGNATURE_PARAMS) query.delete(p);
  const rest = query.toString();
  return rest ? `${url.slice(0, q)}?${rest}` : url.slice(0, q);
}

/** The admitted request, signature removed; the verified body dressed as the request s3rver expects when it differs. */
export function s3rverRequest(req: IncomingMessage, admitted: Admitted): IncomingMessage {
  const headers = { ...admitted.headers };
  delete headers.authorization;
  const props = {
    headers, url: unsignedUrl(req.url ?? '/'), rawHeaders: req.rawHeaders, method: req.method,
    httpVersion: req.httpVersion, httpVersionMajor: req.httpVersionMajor, httpVersionMinor: req.httpVersionMinor,
    socket: req.socket, connection: req.socket, trailers: req.trailers,
  };
  if (admitted.body === req) return Object.assign(req, { headers: props.headers, url: props.url });
  return Object.assign(admitted.body, props) as unknown as IncomingMessage;
}

/**
 * A CORS preflight as s3rver should see it: the browser sends the presigned URL it is about to PUT, but a
 * preflight carries no credentials by design, so the signature parameters are dropped (they are verified on the PUT).
 */
export function preflightRequest(req: IncomingMessage): IncomingMessage {
  const headers = { ...req.headers };
  delete headers.authorization;
  return Object.assign(req, { headers, url: unsignedUrl(req.url ?? '/') });
}
