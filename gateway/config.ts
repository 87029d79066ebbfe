// Gateway settings: one zod schema for GatewayOptions, read from GATEWAY_* variables by loadGatewayConfig(env).
import type { Router } from 'express';
import { z } from 'zod';
import { envBool, envBytes, envDuration, envInt, envJson, envPort, loadEnv, type Env } from '../lib/config/index.js';
import type { AlertSettings } from '../lib/alerts/index.js';
import { InvalidInputError } from '../lib/errors.js';
import type { FunctionAccessDeps } from './auth/functionAccess.js';
import type { OpenApiContribution } from './openapi.js';
import { loadMetricsToken } from '../lib/metrics/index.js';

export const GatewaySettingsSchema = z.object({
  /** Interface to bind. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Port; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(8080),
  /** The stack file whose functions are started. */
  stackPath: z.string().min(1).default('stack.yml'),
  /** Durable async queue (queue/) and dead letters (dead-letter/). */
  stateDir: z.string().min(1).default('.data/gateway'),
  /** Folder holding `basic-auth-user` and `basic-auth-password` (OpenFaaS secret layout); unset = no auth. */
  authDir: z.string().min(1).optional(),
  /** Whether basic auth also guards /function/* and /async-function/* (OpenFaaS CE guards only /system/*). */
  authFunctions: z.boolean().default(true),
  /** Async attempts in total (1 = no retry); per-function annotation com.openfaas.retry.attempts overrides. */
  retryAttempts: z.number().int().min(1).default(5),
  /** First retry wait; doubles each attempt up to retryMaxWaitMs. */
  retryMinWaitMs: z.number().min(0).default(1000),
  retryMaxWaitMs: z.number().min(0).default(30_000),
  /** Function statuses that are retried (connection failures always are). */
  retryCodes: z.array(z.number().int()).default([429, 502, 503, 504]),
  /** Longest a call to a function may take (sync and async). */
  upstreamTimeoutMs: z.number().min(1).default(300_000),
  /** Longest wait for a function replica to become ready before a call fails (503 sync, retry async). */
  replicaWaitMs: z.number().min(0).default(10_000),
  /** Longest wait at start for every function's first replica. */
  startTimeoutMs: z.number().min(1).default(60_000),
  /** Largest async request body kept in the queue. */
  maxAsyncBodyBytes: z.number().int().min(1).default(32 * 1024 * 1024),
  /** Hosts (`host` or `host:port`) an X-Callback-Url may name besides loopback (127.0.0.0/8, ::1, localhost). */
  callbackAllow: z.array(z.string().min(1)).default([]),
  /** Extra environment for every function (e.g. the embedded store's endpoint and credentials); not listed by /system/*. */
  functionEnv: z.record(z.string(), z.string()).default({}),
  /** Bearer token for /metrics besides the admin credentials (METRICS_TOKEN). */
  metricsToken: z.string().min(16).optional(),
});

/** Validated settings with every default filled in. */
export type GatewaySettings = z.output<typeof GatewaySettingsSchema>;

/** What startGateway takes: settings (defaults optional) plus routers mounted behind the same auth (e.g. the dashboard at /ui). */
export type GatewayOptions = z.input<typeof GatewaySettingsSchema> & {
  extraRouters?: { path: string; router: Router; front?: Router; openapi?: OpenApiContribution }[];
  /** Alert rules and their webhook (lib/alerts loadAlertConfig); undefined = no alerts. */
  alerts?: AlertSettings;
  /** Users of lib/access let in beside the admin account (the dashboard's Access). */
  users?: FunctionAccessDeps['users'];
};

const GatewayEnv = z.object({
  GATEWAY_HOST: z.string().optional(),
  GATEWAY_PORT: envPort.optional(),
  GATEWAY_STACK_FILE: z.string().optional(),
  GATEWAY_STATE_DIR: z.string().optional(),
  GATEWAY_AUTH_DIR: z.string().optional(),
  GATEWAY_AUTH: z.enum(['on', 'off']).optional(),
  GATEWAY_CALLBACK_ALLOW: z.string().transform((s) => s.split(',').map((h) => h.trim()).filter(Boolean)).optional(),
  GATEWAY_AUTH_FUNCTIONS: envBool.optional(),
  GATEWAY_RETRY_ATTEMPTS: envInt.optional(),
  GATEWAY_RETRY_MIN_WAIT: envDuration.optional(),
  GATEWAY_RETRY_MAX_WAIT: envDuration.optional(),
  GATEWAY_RETRY_CODES: z
    .string()
    .regex(/^\d{3}(\s*,\s*\d{3})*$/, 'expected HTTP statuses like "429,502,503,504"')
    .transform((s) => s.split(',').map((c) => Number(c.trim())))
    .optional(),
  GATEWAY_UPSTREAM_TIMEOUT: envDuration.optional(),
  GATEWAY_MAX_ASYNC_BODY: envBytes.optional(),
  GATEWAY_FUNCTION_ENV: envJson(z.record(z.string(), z.string()), 'an object of strings').optional(),
});

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

export const NO_AUTH_REFUSAL = 'gateway config: GATEWAY_AUTH_DIR is unset, so the gateway would accept every call without credentials; '
  + 'it refuses to start. Set GATEWAY_AUTH_DIR to a folder holding basic-auth-user and basic-auth-password, or GATEWAY_AUTH=off to run without auth on purpose';

/**
 * Reads the gateway settings from `env`, failing with a message naming every bad variable. Fails closed: without
 * GATEWAY_AUTH_DIR it throws unless GATEWAY_AUTH=off (or `requireAuth: false`, for a caller that sets authDir itself).
 */
export function loadGatewayConfig(env: Env = process.env, { requireAuth = true }: { requireAuth?: boolean } = {}): GatewaySettings {
  const e = loadEnv('gateway', GatewayEnv, env);
  if (requireAuth && !e.GATEWAY_AUTH_DIR && e.GATEWAY_AUTH !== 'off') throw new InvalidInputError(NO_AUTH_REFUSAL);
  return resolveGatewaySettings({
    host: e.GATEWAY_HOST,
    port: e.GATEWAY_PORT,
    stackPath: e.GATEWAY_STACK_FILE,
    stateDir: e.GATEWAY_STATE_DIR,
    authDir: e.GATEWAY_AUTH_DIR,
    authFunctions: e.GATEWAY_AUTH_FUNCTIONS,
    retryAttempts: e.GATEWAY_RETRY_ATTEMPTS,
    retryMinWaitMs: e.GATEWAY_RETRY_MIN_WAIT,
    retryMaxWaitMs: e.GATEWAY_RETRY_MAX_WAIT,
    retryCodes: e.GATEWAY_RETRY_CODES,
    upstreamTimeoutMs: e.GATEWAY_UPSTREAM_TIMEOUT,
    maxAsyncBodyBytes: e.GATEWAY_MAX_ASYNC_BODY,
    functionEnv: e.GATEWAY_FUNCTION_ENV,
    callbackAllow: e.GATEWAY_CALLBACK_ALLOW,
    metricsToken: loadMetricsToken(env),
  });
}

/** Fills defaults and validates options given in code. */
export function resolveGatewaySettings(options: z.input<typeof GatewaySettingsSchema>): GatewaySettings {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const parsed = GatewaySettingsSchema.safeParse(defined);
  if (!parsed.success) throw new InvalidInputError(`gateway options: ${issuesOf(parsed.error)}`);
  return parsed.data;
}
