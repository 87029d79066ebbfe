// The two gateway calls the connector makes: list functions, and queue an async call with a StepRequest.
import { randomUUID } from 'node:crypto';
import { ToolFailedError } from '../lib/errors.js';
import type { StepRequest } from '../lib/events/stepRequest.js';

/** Where a call came from, sent with it so the gateway's trace starts at the store event. */
export interface CallOrigin {
  /** Sent as X-Call-Id (the gateway keeps it), so the connector can log the id the whole trace uses. */
  callId: string;
  /** X-Event-Source, e.g. "connector webhook". */
  source: string;
  /** X-Event-Time: when the connector received the event (ISO). */
  time: string;
}

export interface GatewayClient {
  listFunctions(): Promise<unknown>;
  /** POST /async-function/<name>; resolves with the gateway's X-Call-Id on 202 (any 2xx), throws ToolFailedError otherwise. */
  invokeAsync(name: string, request: StepRequest, origin?: CallOrigin): Promise<{ callId: string | undefined }>;
}

/** A fresh origin for a call the connector is about to make. */
export function newOrigin(source: string, time = new Date()): CallOrigin {
  return { callId: randomUUID(), source, time: time.toISOString() };
}

export interface GatewayClientOptions {
  url: string;
  auth?: { user: string; password: string };
  /** @default 10000 */
  timeoutMs?: number;
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const base = options.url.replace(/\/+$/, '');
  const headers: Record<string, string> = options.auth
    ? { authorization: `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}` }
    : {};
  const call = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...init.headers }, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    } catch (err) {
      throw new ToolFailedError(`gateway ${base}${path}: ${(err as Error).message}`, { cause: err });
    }
  };
  return {
    async listFunctions() {
      const res = await call('/system/functions', { method: 'GET' });
      if (!res.ok) throw new ToolFailedError(`gateway ${base}/system/functions answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      return res.json();
    },
    async invokeAsync(name, request, origin) {
      const traced: Record<string, string> = origin ? { 'x-call-id': origin.callId, 'x-event-source': origin.source, 'x-event-time': origin.time } : {};
      const res = await call(`/async-function/${encodeURIComponent(name)}`, {
        method: 'POST', body: JSON.stringify(request), headers: { 'content-type': 'application/json', ...traced },
      });
      const text = await res.text();
      if (!res.ok) throw new ToolFailedError(`gateway /async-function/${name} answered ${res.status}: ${text.slice(0, 200)}`);
      return { callId: res.headers.get('x-call-id') ?? undefined };
    },
  };
}
