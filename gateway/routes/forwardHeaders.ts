// Which request/response headers cross the gateway: hop-by-hop headers stay behind (RFC 9110 §7.6.1).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

/** Copies `headers` without hop-by-hop ones, and without `drop` (lower-case names). */
export function forwardHeaders(headers: IncomingHttpHeaders, drop: string[] = []): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || drop.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

/** Path and query below `/function/<name>` or `/async-function/<name>`, always starting with "/". */
export function pathBelowFunction(originalUrl: string): string {
  const m = /^\/(?:async-)?function\/[^/?]+(.*)$/.exec(originalUrl);
  const rest = m ? m[1] : '';
  return rest.startsWith('/') ? rest : `/${rest}`;
}
