// Acting on dead letters: list them grouped by cause, retry (back onto the queue, same call id) or discard, each audited.
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import type { AsyncQueue } from './asyncQueue.js';
import type { QueueStore } from './queueStore.js';
import type { DeadLetter, QueuedCall } from './queuedCall.js';

/** A bounded class of failure: the function and its last status ("unreachable" when none), e.g. "motioncor:500". */
export function causeClass(letter: Pick<DeadLetter, 'function' | 'status'>): string {
  return `${letter.function}:${letter.status ?? 'unreachable'}`;
}

/** What a list shows per letter: the cause, never the request or response bodies. */
export interface DeadLetterSummary {
  callId: string;
  function: string;
  causeClass: string;
  cause: string;
  status: number | null;
  attempts: number;
  enqueuedAt: string;
  failedAt: string;
  /** The object key the call was about, when its body is a step request. */
  key?: string;
}

export interface DeadLetterAction {
  action: 'retry' | 'discard';
  callId: string;
  function: string;
  causeClass: string;
}

export interface DeadLetters {
  list(): Promise<DeadLetterSummary[]>;
  /** Acts on the letters with these ids, or on every letter of `causeClass`; appends one audit line per letter. */
  act(action: 'retry' | 'discard', select: { callIds?: string[]; causeClass?: string }, actor: string): Promise<DeadLetterAction[]>;
  /** The audit file (JSON lines). */
  readonly auditFile: string;
}

function keyOf(letter: DeadLetter): string | undefined {
  if (letter.requestBodyEncoding !== 'utf8') return undefined;
  try {
    const body: unknown = JSON.parse(letter.requestBody);
    return typeof body === 'object' && body !== null && 'key' in body && typeof body.key === 'string' ? body.key : undefined;
  } catch {
    return undefined;
  }
}

/** The queued call a letter came from, with its attempts reset: retries get the function's full retry budget again. */
function requeued(letter: DeadLetter): QueuedCall {
  return {
    schemaVersion: 1, callId: letter.callId, function: letter.function, path: letter.path, headers: letter.headers,
    callbackUrl: letter.callbackUrl, enqueuedAt: new Date().toISOString(), attempts: 0, notBefore: 0,
    lastError: `retried from dead letter: ${letter.cause}`,
  };
}

export function createDeadLetters(store: QueueStore, queue: AsyncQueue, stateDir: string): DeadLetters {
  const auditFile = path.join(stateDir, 'dead-letter-audit.jsonl');
  const audit = (entry: DeadLetterAction, actor: string) =>
    appendFile(auditFile, JSON.stringify({ time: new Date().toISOString(), actor, ...entry }) + '\n');
  return {
    auditFile,
    async list() {
      const letters = await store.listDeadLetters();
      return letters
        .sort((a, b) => a.failedAt.localeCompare(b.failedAt))
        .map((l) => ({ callId: l.callId, function: l.function, causeClass: causeClass(l), cause: l.cause, status: l.status, attempts: l.attempts, enqueuedAt: l.enqueuedAt, failedAt: l.failedAt, key: keyOf(l) }));
    },
    async act(action, select, actor) {
      const letters = await store.listDeadLetters();
      const chosen = select.callIds
        ? select.callIds.map((id) => letters.find((l) => l.callId === id) ?? (() => { throw new NotFoundError(`dead letter "${id}" not found`); })())
        : letters.filter((l) => causeClass(l) === select.causeClass);
      const done: DeadLetterAction[] = [];
      for (const letter of chosen) {
        if (action === 'retry') {
          const body = Buffer.from(letter.requestBody, letter.requestBodyEncoding);
          await queue.enqueue(requeued(letter), body); // durable before the letter goes: a crash between leaves a duplicate, never a loss
        }
        await store.removeDeadLetter(letter.callId);
        const entry = { action, callId: letter.callId, function: letter.function, causeClass: causeClass(letter) };
        await audit(entry, actor);
        done.push(entry);
      }
      return done;
    },
  };
}

export const AuditEntrySchema = z.object({
  time: z.iso.datetime(), actor: z.string(), action: z.enum(['retry', 'discard']), callId: z.string(), function: z.string(), causeClass: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Reads the audit file back (GET /system/dead-letters/audit, tests); missing file = no actions yet. */
export async function readAudit(file: string): Promise<AuditEntry[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => AuditEntrySchema.parse(JSON.parse(l)));
}
