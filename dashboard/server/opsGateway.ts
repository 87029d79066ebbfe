// The gateway's /system JSON routes as the operations page reads them: one fetch with the gateway's admin auth, each
// answer checked by its zod schema. The numbers are computed by the gateway; nothing is recomputed here.
import { z } from 'zod';
import { ToolFailedError } from '../../lib/errors.js';

export interface GatewayTarget {
  url: string;
  /** The Authorization header for the gateway's admin routes, when auth is on. */
  authorization?: string;
}

export const FunctionsAnswer = z.array(z.object({ name: z.string(), replicas: z.number(), availableReplicas: z.number(), invocationCount: z.number() }));
export const QueueAnswer = z.object({ queued: z.number(), inflight: z.number(), functions: z.array(z.object({ name: z.string(), queued: z.number(), inflight: z.number() })) });
export const ThroughputAnswer = z.object({
  until: z.string(), windowSeconds: z.number(), moviesFinalized: z.number(), moviesPerHour: z.number(),
  steps: z.array(z.object({ function: z.string(), succeeded: z.number(), failed: z.number(), p50Seconds: z.number().nullable(), p95Seconds: z.number().nullable() })),
});
export const DeadLettersAnswer = z.object({
  count: z.number(),
  byCause: z.record(z.string(), z.number()),
  letters: z.array(z.object({
    callId: z.string(), function: z.string(), causeClass: z.string(), cause: z.string(), status: z.number().nullable(),
    attempts: z.number(), enqueuedAt: z.string(), failedAt: z.string(), key: z.string().optional(),
  })),
});
export const TraceAnswer = z.object({
  key: z.string(),
  movie: z.string().nullable(),
  entries: z.array(z.object({
    time: z.string(), callId: z.string(), function: z.string(), event: z.string(), key: z.string().optional(), attempt: z.number().optional(),
    status: z.number().nullable().optional(), seconds: z.number().optional(), cause: z.string().optional(), source: z.string().optional(), outputs: z.array(z.string()).optional(),
  })),
});
export const ActionAnswer = z.record(z.string(), z.array(z.object({ action: z.string(), callId: z.string(), function: z.string(), causeClass: z.string() })));

/** An answer the gateway refused: its status and error text are passed on to the page as they are. */
export class GatewayAnswerError extends Error {
  constructor(readonly status: number, readonly body: unknown, path: string) {
    super(`gateway ${path} answered ${status}`);
  }
}

/** GETs or POSTs one /system route and parses its answer. */
export async function gatewayJson<T>(target: GatewayTarget, path: string, schema: z.ZodType<T>, init: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { ...(target.authorization ? { authorization: target.authorization } : {}), ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${target.url.replace(/\/+$/, '')}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new ToolFailedError(`gateway ${path}: ${(err as Error).message}`, { cause: err });
  }
  const text = await res.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ToolFailedError(`gateway ${path} answered ${res.status} with no JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok) throw new GatewayAnswerError(res.status, value, path);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ToolFailedError(`gateway ${path}: unexpected answer (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  return parsed.data;
}

/** What GET /ui/api/ops/overview answers (the page reads it through these types). */
export interface OpsOverview {
  functions: (z.infer<typeof FunctionsAnswer>[number] & { queued: number; inflight: number })[];
  queue: { queued: number; inflight: number };
  /** null when this dashboard does not run beside the embedded store. */
  webhookBacklog: number | null;
  throughput: z.infer<typeof ThroughputAnswer>;
  deadLetters: z.infer<typeof DeadLettersAnswer>;
}
export type DeadLetterRow = z.infer<typeof DeadLettersAnswer>['letters'][number];
export type OpsTrace = z.infer<typeof TraceAnswer>;
export type TraceEntry = OpsTrace['entries'][number];
