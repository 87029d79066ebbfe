// The gateway's admin API as the CLI calls it: GATEWAY_URL with GATEWAY_USER/GATEWAY_PASSWORD (or *_FILE secrets).
import { z } from 'zod';
import { loadEnv, type Env } from '../lib/config/index.js';
import { ToolFailedError } from '../lib/errors.js';

const AdminEnv = z.object({
  GATEWAY_URL: z.url().default('http://127.0.0.1:8080'),
  GATEWAY_USER: z.string().min(1).optional(),
  GATEWAY_PASSWORD: z.string().min(1).optional(),
});

export interface GatewayAdmin {
  get<T>(path: string, schema: z.ZodType<T>): Promise<T>;
  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
  put<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
}

export function gatewayAdmin(env: Env = process.env): GatewayAdmin {
  const e = loadEnv('cryoem-daq', AdminEnv, env, { secrets: ['GATEWAY_USER', 'GATEWAY_PASSWORD'] });
  const base = e.GATEWAY_URL.replace(/\/+$/, '');
  const auth: Record<string, string> = e.GATEWAY_USER && e.GATEWAY_PASSWORD
    ? { authorization: `Basic ${Buffer.from(`${e.GATEWAY_USER}:${e.GATEWAY_PASSWORD}`).toString('base64')}` }
    : {};
  async function call<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
    const res = await fetch(`${base}${path}`, { ...init, headers: { ...auth, ...init.headers }, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    if (!res.ok) throw new ToolFailedError(`gateway ${base}${path} answered ${res.status}: ${text.slice(0, 300)}`);
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new ToolFailedError(`gateway ${base}${path}: unexpected answer (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
    return parsed.data;
  }
  return {
    get: (path, schema) => call(path, { method: 'GET' }, schema),
    post: (path, body, schema) => call(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, schema),
    put: (path, body, schema) => call(path, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, schema),
  };
}
