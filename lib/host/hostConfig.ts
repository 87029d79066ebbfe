// Function-host settings from the environment, with the names of-watchdog and the node template use.
import { z } from 'zod';
import { envBytes, envPort, loadEnv, type Env } from '../config/index.js';
import { InvalidInputError } from '../errors.js';
import { hostDeadlineMs, timeoutProblems } from './timeouts.js';

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

const HostEnv = z.object({
  http_port: envPort.optional(),
  PORT: envPort.optional(),
  HOST_BIND: z.string().default('127.0.0.1'),
  // Durations are checked together by timeoutProblems: their rule ties three variables.
  exec_timeout: z.string().optional(),
  write_timeout: z.string().optional(),
  handler_timeout: z.string().optional(),
  MAX_JSON_SIZE: envBytes.default(100 * 1024),
  MAX_RAW_SIZE: envBytes.default(100 * 1024),
});

/** Reads the host config from `env`, failing with a message naming every bad variable. */
export function loadHostConfig(env: Env = process.env): HostConfig {
  const e = loadEnv('host', HostEnv, env);
  const problems = timeoutProblems(e);
  if (problems.length > 0) throw new InvalidInputError(`function host timeouts: ${problems.join('; ')}`);
  return { port: e.http_port ?? e.PORT ?? 3000, host: e.HOST_BIND, execTimeoutMs: hostDeadlineMs(e), maxJsonBytes: e.MAX_JSON_SIZE, maxRawBytes: e.MAX_RAW_SIZE };
}
