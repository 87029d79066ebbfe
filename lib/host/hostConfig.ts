// Function-host settings from the environment, with the names of-watchdog and the node template use.
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { hostDeadlineMs, timeoutProblems } from './timeouts.js';
import { parseByteSize } from './units.js';

export interface HostConfig {
  /** Port to listen on (`http_port`, else `PORT`); 0 picks a free one. @default 3000 */
  port: number;
  /** Interface to bind. @default "127.0.0.1" (of-watchdog reaches its upstream on loopback) */
  host: string;
  /**
   * The host's own per-call deadline: `handler_timeout`, else of-watchdog's `exec_timeout` − 5 s
   * (lib/host/timeouts.ts says why); 0 disables. @default 5 s (exec_timeout 10 s, the watchdog's default)
   */
  execTimeoutMs: number;
  /** Largest application/json body, `MAX_JSON_SIZE`. @default 100 kb (node template) */
  maxJsonBytes: number;
  /** Largest other body, `MAX_RAW_SIZE`. @default 100 kb (node template) */
  maxRawBytes: number;
}

const EnvSchema = z.object({
  http_port: z.string().optional(),
  PORT: z.string().optional(),
  HOST_BIND: z.string().optional(),
  exec_timeout: z.string().optional(),
  write_timeout: z.string().optional(),
  handler_timeout: z.string().optional(),
  MAX_JSON_SIZE: z.string().optional(),
  MAX_RAW_SIZE: z.string().optional(),
});

function port(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidInputError(`${name}: expected a port 0..65535, got "${raw}"`);
  return n;
}

/** Reads the host config from `env`, failing with a message naming the variable. */
export function loadHostConfig(env: Record<string, string | undefined> = process.env): HostConfig {
  const e = EnvSchema.parse(env);
  const problems = timeoutProblems(e);
  if (problems.length > 0) throw new InvalidInputError(`function host timeouts: ${problems.join('; ')}`);
  return {
    port: e.http_port !== undefined ? port('http_port', e.http_port) : e.PORT !== undefined ? port('PORT', e.PORT) : 3000,
    host: e.HOST_BIND ?? '127.0.0.1',
    execTimeoutMs: hostDeadlineMs(e),
    maxJsonBytes: parseByteSize(e.MAX_JSON_SIZE ?? '100kb', 'MAX_JSON_SIZE'),
    maxRawBytes: parseByteSize(e.MAX_RAW_SIZE ?? '100kb', 'MAX_RAW_SIZE'),
  };
}
