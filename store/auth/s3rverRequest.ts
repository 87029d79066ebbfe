// The request s3rver's Koa app sees once the guard admitted it: the original's URL, method and socket, but the
// verified body stream and the headers that describe it (a decoded aws-chunked body has its own length).
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Admitted } from './requestGuard.js';

/** `req` itself when nothing changed; otherwise the verified body dressed as the request s3rver expects. */
export function s3rverRequest(req: IncomingMessage, admitted: Admitted): IncomingMessage {
  if (admitted.body === req && admitted.headers === req.headers) return req;
  const body: Readable = admitted.body;
  const props = {
    headers: admitted.headers, rawHeaders: req.rawHeaders, url: req.url, method: req.method,
    httpVersion: req.httpVersion, httpVersionMajor: req.httpVersionMajor, httpVersionMinor: req.httpVersionMinor,
    socket: req.socket, connection: req.socket, trailers: req.trailers,
  };
  return Object.assign(body, props) as unknown as IncomingMessage;
}
