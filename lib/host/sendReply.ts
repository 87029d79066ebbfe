// Writes a reply without the hop-by-hop headers of-watchdog would copy into its own replies.
import type { ServerResponse } from 'node:http';
import type { Reply } from './functionContext.js';

/**
 * of-watchdog 0.10.9 copies every upstream response header into its reply, so Node's automatic
 * `Connection: keep-alive` and `Keep-Alive: timeout=…` would reach the watchdog's callers, describing a
 * connection they do not have. Removing the Connection header makes Node send neither while the
 * connection stays persistent (HTTP/1.1's default). `close`: end the connection after this reply.
 * A connection Node closes anyway (the request said `Connection: close`, or HTTP/1.0) must say so: the
 * watchdog forwards its callers' `Connection: close` upstream and would otherwise reuse the closed
 * connection for its next call and answer that call 500 (seen with of-watchdog 0.10.9).
 */
export function sendReply(res: ServerResponse, reply: Reply, close = false): void {
  if (close || !res.shouldKeepAlive) res.setHeader('Connection', 'close');
  else res.removeHeader('Connection');
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
  res.end(reply.body);
}
