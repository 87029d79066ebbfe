// One buffered HTTP request (async attempts and callbacks): resolves with status, headers and body, rejects on network failure.
import http from 'node:http';
import https from 'node:https';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpCallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Whole-call limit in ms. @default 300000 */
  timeoutMs?: number;
  /** Keep-alive agent for http: URLs. */
  agent?: http.Agent;
}

export function httpCall(url: string, options: HttpCallOptions = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.request(url, {
      method: options.method ?? 'POST',
      headers: { ...options.headers, 'Content-Length': String(options.body?.length ?? 0) },
      agent: mod === http ? options.agent : undefined,
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${(options.timeoutMs ?? 300_000) / 1000} s`)), options.timeoutMs ?? 300_000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(options.body);
  });
}
