// The calls journal: one JSON line per async-call event (queued, attempt, retry, done, dead letter) with its call id and
// movie, so one movie's timeline can be read back across steps ("why is my movie stuck").
import { appendFile, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { stepsTriggeredBy } from '../../lib/events/pipeline.js';
import { tailLines, timeOf } from './journalTail.js';
import type { QueuedCall } from './queuedCall.js';

export const JournalEntrySchema = z.object({
  time: z.iso.datetime(),
  callId: z.string(),
  function: z.string(),
  /** `event`: the store event that led to the call, as the connector received it (its time, and `source`). */
  event: z.enum(['event', 'queued', 'attempt', 'retry-scheduled', 'done', 'dead-letter', 'requeued']),
  key: z.string().optional(),
  /** `<experiment>/<session>/<movie>`: the same for every step's input of one movie. */
  movie: z.string().optional(),
  attempt: z.number().int().optional(),
  status: z.number().int().nullable().optional(),
  seconds: z.number().optional(),
  cause: z.string().optional(),
  /** Who sent the call: "connector webhook", "connector reconcile" (X-Event-Source). */
  source: z.string().optional(),
  /** Result JSON keys the function reported committed (done or already done) on the last attempt. */
  outputs: z.array(z.string()).optional(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/** The movie a step-input key belongs to, or undefined. */
export function movieOfKey(key: string): string | undefined {
  const ref = stepsTriggeredBy(key)[0]?.ref;
  return ref ? `${ref.experiment}/${ref.session}/${ref.movie}` : undefined;
}

function keyOfBody(body: Buffer): string | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && 'key' in value && typeof value.key === 'string' ? value.key : undefined;
  } catch {
    return undefined;
  }
}

/** A step function's answer `{outcomes: [{status, resultKey}]}` (lib/steps): the result keys it committed or found committed. */
const StepAnswer = z.object({ outcomes: z.array(z.object({ status: z.string(), resultKey: z.string() })) });
export function resultKeysOf(body: Buffer): string[] | undefined {
  try {
    const parsed = StepAnswer.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? parsed.data.outcomes.filter((o) => o.status !== 'failed' && o.resultKey).map((o) => o.resultKey) : undefined;
  } catch {
    return undefined;
  }
}

/** The connector's X-Event-Time and X-Event-Source, when both are there and the time is an ISO instant. */
function eventOf(call: QueuedCall): { time: string; source: string } | undefined {
  const time = call.headers['x-event-time'];
  const source = call.headers['x-event-source'];
  return source && z.iso.datetime().safeParse(time).success ? { time: new Date(time).toISOString(), source } : undefined;
}

type Extra = Pick<JournalEntry, 'status' | 'seconds' | 'cause' | 'outputs'>;

export interface CallJournal {
  /** Appends one entry; a 'queued' call that came from a store event gets an 'event' entry before it. */
  record(call: QueuedCall, body: Buffer, event: JournalEntry['event'], extra?: Extra): Promise<void>;
  /** Every entry of the movie `key` belongs to (any step's input key of it), oldest first. */
  trace(key: string): Promise<JournalEntry[]>;
  /** Every entry written at or after `time` (the rotated file is read only when the current one starts later). */
  since(time: Date): Promise<JournalEntry[]>;
}

/** `<stateDir>/calls.jsonl`, rotated to calls.jsonl.1 past `maxBytes` (one older file kept). */
export function createCallJournal(stateDir: string, maxBytes = 64 * 1024 * 1024): CallJournal {
  const file = path.join(stateDir, 'calls.jsonl');
  let chain = Promise.resolve();
  const read = async (f: string) => (await readFile(f, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return {
    record(call, body, event, extra = {}) {
      const key = keyOfBody(body);
      const base = { callId: call.callId, function: call.function, key, movie: key ? movieOfKey(key) : undefined };
      const entries: JournalEntry[] = [{ time: new Date().toISOString(), ...base, event, attempt: call.attempts, ...extra }];
      const origin = event === 'queued' ? eventOf(call) : undefined;
      if (origin) entries.unshift({ time: origin.time, ...base, event: 'event', source: origin.source });
      // Appends are serialised so rotation never races a write.
      chain = chain.then(async () => {
        if (((await stat(file).catch(() => null))?.size ?? 0) > maxBytes) await rename(file, `${file}.1`);
        await appendFile(file, entries.map((e) => JSON.stringify(e) + '\n').join(''));
      }).catch(() => undefined); // a trace is a diagnosis aid: a full disk must not fail the call itself
      return chain;
    },
    async trace(key) {
      const movie = movieOfKey(key);
      await chain;
      const lines = [...(await read(`${file}.1`)), ...(await read(file))];
      return lines.map((l) => JournalEntrySchema.parse(JSON.parse(l))).filter((e) => (movie ? e.movie === movie : e.key === key));
    },
    async since(time) {
      await chain;
      const iso = time.toISOString();
      // Reading stops at a line 10 minutes older than the window: event entries carry the connector's receive time,
      // a little before the line is written, so file order and time order may differ by that much.
      const stop = new Date(time.getTime() - 10 * 60_000).toISOString();
      const current = await tailLines(file, stop);
      const lines = current.complete ? current.lines : [...(await tailLines(`${file}.1`, stop)).lines, ...current.lines];
      return lines.filter((l) => (timeOf(l) ?? iso) >= iso).map((l) => JournalEntrySchema.parse(JSON.parse(l))).filter((e) => e.time >= iso);
    },
  };
}
