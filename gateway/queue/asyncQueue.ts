// The async scheduler: per-function FIFO with max_inflight, retries with exponential backoff, callback, dead letter.
import http from 'node:http';
import type { Logger } from '../../lib/log.js';
import { maxInflight, retryAttempts, retryCodes } from '../../lib/stack/index.js';
import type { FunctionManager } from '../functions/startFunctions.js';
import { backoffMs } from './backoff.js';
import { deadLetterOf, postCallback, type AttemptOutcome } from './deliverResult.js';
import { resultKeysOf, type CallJournal } from './callJournal.js';
import type { QueueStore } from './queueStore.js';
import type { QueuedCall } from './queuedCall.js';
import { runAttempt } from './runAttempt.js';

export interface AsyncQueueOptions {
  store: QueueStore;
  functions: FunctionManager;
  log: Logger;
  retryAttempts: number;
  retryMinWaitMs: number;
  retryMaxWaitMs: number;
  retryCodes: number[];
  upstreamTimeoutMs: number;
  replicaWaitMs: number;
  /** Told of every attempt, retry and dead letter (the gateway's metrics). */
  observer?: QueueObserver;
  /** Where each call's events are journaled for traces. */
  journal?: CallJournal;
}

export interface QueueObserver {
  observeCall(fn: string, kind: 'async', status: number | null, seconds: number): void;
  retried(fn: string): void;
  deadLettered(fn: string): void;
}

export interface AsyncQueue {
  /** Loads the calls persisted by an earlier run and starts dispatching. */
  start(): Promise<void>;
  /** Persists a call (durable before it resolves) and schedules it. */
  enqueue(call: QueuedCall, body: Buffer): Promise<void>;
  /** Whether this call id is taken: queued, running or a dead letter (an incoming X-Call-Id must be new). */
  holds(callId: string): Promise<boolean>;
  /** Calls waiting and running for one function. */
  depth(name: string): { queued: number; inflight: number };
  /** Stops dispatching and aborts running attempts; unfinished calls stay on disk for the next start. */
  stop(): Promise<void>;
}

interface Lane {
  pending: QueuedCall[];
  inflight: number;
  timer?: NodeJS.Timeout;
}

export function createAsyncQueue(o: AsyncQueueOptions): AsyncQueue {
  const lanes = new Map<string, Lane>();
  const running = new Set<Promise<void>>();
  const agent = new http.Agent({ keepAlive: true });
  let stopped = false;
  const lane = (name: string) => lanes.get(name) ?? lanes.set(name, { pending: [], inflight: 0 }).get(name)!;

  function pump(name: string): void {
    const l = lane(name);
    clearTimeout(l.timer);
    const fn = o.functions.get(name);
    const limit = fn ? maxInflight(name, fn.definition) : 1;
    while (!stopped && l.inflight < limit) {
      const now = Date.now();
      const idx = l.pending.findIndex((c) => c.notBefore <= now);
      if (idx < 0) break;
      const [call] = l.pending.splice(idx, 1);
      l.inflight++;
      const p = attempt(call)
        .catch((err: unknown) => o.log.error('async call bookkeeping failed', { callId: call.callId, error: String(err) }))
        .finally(() => {
          l.inflight--;
          running.delete(p);
          pump(name);
        });
      running.add(p);
    }
    if (!stopped && l.pending.length > 0) {
      const wait = Math.max(0, Math.min(...l.pending.map((c) => c.notBefore)) - Date.now());
      l.timer = setTimeout(() => pump(name), wait);
    }
  }

  /** Records a failure before the callback goes out, so whoever receives a failed status finds its dead letter. */
  async function finish(call: QueuedCall, outcome: AttemptOutcome, body: Buffer, max: number): Promise<void> {
    await o.journal?.record(call, body, outcome.cause ? 'dead-letter' : 'done', { status: outcome.status, cause: outcome.cause, outputs: outcome.cause ? undefined : resultKeysOf(outcome.body) });
    const deadLetter = async (cause: string) => {
      const file = await o.store.deadLetter(deadLetterOf(call, outcome, cause, body));
      o.observer?.deadLettered(call.function);
      o.log.warn('async call dead-lettered', { callId: call.callId, function: call.function, cause, file });
    };
    if (outcome.cause) await deadLetter(`${outcome.cause} (attempt ${call.attempts} of ${max})`);
    const callbackError = await postCallback(call, outcome, max, agent);
    if (callbackError && !outcome.cause) await deadLetter(callbackError);
    else if (callbackError) o.log.warn('callback failed', { callId: call.callId, error: callbackError });
    await o.store.remove(call.callId);
  }

  async function attempt(call: QueuedCall): Promise<void> {
    const fn = o.functions.get(call.function);
    const body = await o.store.readBody(call.callId);
    call.attempts++;
    await o.store.update(call);
    const max = fn ? (retryAttempts(call.function, fn.definition) ?? o.retryAttempts) : 1;
    const outcome: AttemptOutcome = fn
      ? await runAttempt(fn, call, body, { replicaWaitMs: o.replicaWaitMs, upstreamTimeoutMs: o.upstreamTimeoutMs, agent })
      : { status: null, contentType: undefined, body: Buffer.alloc(0), durationS: 0, cause: `function "${call.function}" is not in the stack` };
    if (stopped) return; // aborted by stop(): the call stays on disk and runs again on the next start
    o.observer?.observeCall(call.function, 'async', outcome.status, outcome.durationS);
    await o.journal?.record(call, body, 'attempt', { status: outcome.status, seconds: outcome.durationS, cause: outcome.cause });
    const codes = fn ? (retryCodes(call.function, fn.definition) ?? o.retryCodes) : [];
    const retryable = fn !== undefined && (outcome.status === null || codes.includes(outcome.status));
    if (retryable && call.attempts < max) {
      call.notBefore = Date.now() + backoffMs(call.attempts, o.retryMinWaitMs, o.retryMaxWaitMs);
      call.lastError = outcome.cause;
      await o.store.update(call);
      o.observer?.retried(call.function);
      o.log.info('async call will be retried', { callId: call.callId, function: call.function, attempt: call.attempts, cause: outcome.cause });
      lane(call.function).pending.push(call);
      return;
    }
    await finish(call, outcome, body, max);
  }

  return {
    async start() {
      const calls = await o.store.init();
      for (const call of calls) lane(call.function).pending.push(call);
      if (calls.length) o.log.info('resuming queued async calls', { count: calls.length });
      for (const name of lanes.keys()) pump(name);
    },
    async enqueue(call, body) {
      await o.store.add(call, body);
      await o.journal?.record(call, body, call.lastError?.startsWith('retried from dead letter') ? 'requeued' : 'queued');
      lane(call.function).pending.push(call);
      pump(call.function);
    },
    holds: (callId) => o.store.holds(callId),
    depth(name) {
      const l = lanes.get(name);
      return { queued: l?.pending.length ?? 0, inflight: l?.inflight ?? 0 };
    },
    async stop() {
      stopped = true;
      for (const l of lanes.values()) clearTimeout(l.timer);
      agent.destroy();
      // Attempts still waiting for a replica give up on their own; their calls stay on disk either way.
      await Promise.race([Promise.allSettled([...running]), new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}
