// The durable async queue on disk: <stateDir>/queue/<callId>.body then <callId>.json (the commit), dead letters beside.
import { access, mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../../lib/errors.js';
import type { Logger } from '../../lib/log.js';
import { removeFileDurable, writeFileDurable } from './durableFile.js';
import { DeadLetterSchema, QueuedCallSchema, type DeadLetter, type QueuedCall } from './queuedCall.js';

export interface QueueStore {
  readonly queueDir: string;
  readonly deadLetterDir: string;
  /** Creates the folders, drops half-written files, returns the committed calls oldest first. */
  init(): Promise<QueuedCall[]>;
  /** Persists a new call: body first, then its record; the record's rename is the commit. */
  add(call: QueuedCall, body: Buffer): Promise<void>;
  update(call: QueuedCall): Promise<void>;
  readBody(callId: string): Promise<Buffer>;
  /** Forgets a call: record first (uncommits), then body. */
  remove(callId: string): Promise<void>;
  /** Writes the dead-letter record; returns its path. */
  deadLetter(record: DeadLetter): Promise<string>;
  listDeadLetters(): Promise<DeadLetter[]>;
  /** Deletes one dead-letter record (missing is fine). */
  removeDeadLetter(callId: string): Promise<void>;
  /** Dead-letter records on disk, without reading them. */
  countDeadLetters(): Promise<number>;
  /** Whether a call with this id is queued (or running) or waits as a dead letter. */
  holds(callId: string): Promise<boolean>;
}

export function createQueueStore(stateDir: string, log: Logger): QueueStore {
  const queueDir = path.join(stateDir, 'queue');
  const deadLetterDir = path.join(stateDir, 'dead-letter');
  const record = (id: string) => path.join(queueDir, `${id}.json`);
  const body = (id: string) => path.join(queueDir, `${id}.body`);

  return {
    queueDir,
    deadLetterDir,
    async init() {
      await mkdir(queueDir, { recursive: true });
      await mkdir(deadLetterDir, { recursive: true });
      const names = await readdir(queueDir);
      const calls: QueuedCall[] = [];
      for (const name of names) {
        const file = path.join(queueDir, name);
        if (name.endsWith('.tmp')) await unlink(file);
        else if (name.endsWith('.body') && !names.includes(name.replace(/\.body$/, '.json'))) await unlink(file);
        else if (name.endsWith('.json')) {
          const parsed = QueuedCallSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
          if (parsed.success) calls.push(parsed.data);
          else log.error('unreadable queue record kept aside', { file, error: parsed.error.message });
        }
      }
      return calls.sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt));
    },
    async add(call, data) {
      await writeFileDurable(body(call.callId), data);
      await writeFileDurable(record(call.callId), JSON.stringify(call));
    },
    async update(call) {
      await writeFileDurable(record(call.callId), JSON.stringify(call));
    },
    readBody: (id) => readFile(body(id)),
    async remove(id) {
      await removeFileDurable(record(id));
      await removeFileDurable(body(id));
    },
    async deadLetter(rec) {
      const file = path.join(deadLetterDir, `${rec.callId}.json`);
      await writeFileDurable(file, JSON.stringify(rec, null, 2));
      return file;
    },
    async listDeadLetters() {
      const names = (await readdir(deadLetterDir)).filter((n) => n.endsWith('.json'));
      return Promise.all(names.map(async (n) => DeadLetterSchema.parse(JSON.parse(await readFile(path.join(deadLetterDir, n), 'utf8')))));
    },
    async removeDeadLetter(id) {
      if (!QueuedCallSchema.shape.callId.safeParse(id).success) throw new InvalidInputError(`dead letter id "${id}": expected 1-64 letters, digits or "-"`);
      await removeFileDurable(path.join(deadLetterDir, `${id}.json`));
    },
    async holds(id) {
      const exists = (f: string) => access(f).then(() => true, () => false);
      return (await exists(record(id))) || exists(path.join(deadLetterDir, `${id}.json`));
    },
    countDeadLetters: async () => (await readdir(deadLetterDir).catch(() => [])).filter((n) => n.endsWith('.json')).length,
  };
}
