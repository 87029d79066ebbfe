// The calls journal: one JSON line per async-call event (queued, attempt, retry, done, dead letter) with its call id and
// movie, so one movie's timeline can be read back across steps ("why is my movie stuck").
import { appendFile, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { stepsTriggeredBy } from '../../lib/events/pipeline.js';
import type { QueuedCall } from './queuedCall.js';

export const JournalEntrySchema = z.object({
  time: z.iso.datetime(),
  callId: z.string(),
  function: z.string(),
  event: z.enum(['queued', 'attempt', 'retry-scheduled', 'done', 'dead-letter', 'requeued']),
  key: z.string().optional(),
  /** `<experiment>/<session>/<movie>`: the same for every step's input of one movie. */
  movie: z.string().optional(),
  attempt: z.number().int().optional(),
  status: z.number().int().nullable().optional(),
  seconds: z.number().optional(),
  cause: z.string().optional(),
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

export interface CallJournal {
  record(call: QueuedCall, body: Buffer, event: JournalEntry['event'], extra?: Pick<JournalEntry, 'status' | 'seconds' | 'cause'>): Promise<void>;
  /** Every entry of the movie `key` belongs to (any step's input key of it), oldest first. */
  trace(key: string): Promise<JournalEntry[]>;
}

/** `<stateDir>/calls.jsonl`, rotated to calls.jsonl.1 past `maxBytes` (one older file kept). */
export function createCallJournal(stateDir: string, maxBytes = 64 * 1024 * 1024): CallJournal {
  const file = path.join(stateDir, 'calls.jsonl');
  let chain = Promise.resolve();
  const read = async (f: string) => (await readFile(f, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return {
    record(call, body, event, extra = {}) {
      const key = keyOfBody(body);
      const entry: JournalEntry = { time: new Date().toISOString(), callId: call.callId, function: call.function, event, key, movie: key ? movieOfKey(key) : undefined, attempt: call.attempts, ...extra };
      // Appends are serialised so rotation never races a write.
      chain = chain.then(async () => {
        if (((await stat(file).catch(() => null))?.size ?? 0) > maxBytes) await rename(file, `${file}.1`);
        await appendFile(file, JSON.stringify(entry) + '\n');
      }).catch(() => undefined); // a trace is a diagnosis aid: a full disk must not fail the call itself
      return chain;
    },
    async trace(key) {
      const movie = movieOfKey(key);
      await chain;
      const lines = [...(await read(`${file}.1`)), ...(await read(file))];
      return lines.map((l) => JournalEntrySchema.parse(JSON.parse(l))).filter((e) => (movie ? e.movie === movie : e.key === key));
    },
  };
}
