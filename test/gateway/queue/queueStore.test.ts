import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backoffMs } from '../../../gateway/queue/backoff.js';
import { createQueueStore } from '../../../gateway/queue/queueStore.js';
import type { QueuedCall } from '../../../gateway/queue/queuedCall.js';
import { createLogger } from '../../../lib/log.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'queue-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = createLogger('test', {}, () => {});

const call = (id: string, enqueuedAt: string): QueuedCall => ({
  schemaVersion: 1,
  callId: id,
  function: 'pick',
  path: '/',
  headers: { 'content-type': 'application/json' },
  enqueuedAt,
  attempts: 0,
  notBefore: 0,
});

describe('queue store', () => {
  it('keeps committed calls across a restart, oldest first, and drops half-written files', async () => {
    const state = path.join(dir, 'a');
    const store = createQueueStore(state, log);
    await store.init();
    await store.add(call('b', '2026-01-01T00:00:02.000Z'), Buffer.from('{"k":2}'));
    await store.add(call('a', '2026-01-01T00:00:01.000Z'), Buffer.from('{"k":1}'));
    // What a crash can leave behind: a temp file mid-write, and a body whose record was never renamed into place.
    writeFileSync(path.join(store.queueDir, 'c.json.123.tmp'), '{"half');
    writeFileSync(path.join(store.queueDir, 'c.body'), 'orphan');

    const again = createQueueStore(state, log);
    const calls = await again.init();
    expect(calls.map((c) => c.callId)).toEqual(['a', 'b']);
    expect((await again.readBody('b')).toString()).toBe('{"k":2}');
    expect(readdirSync(again.queueDir).sort()).toEqual(['a.body', 'a.json', 'b.body', 'b.json']);

    await again.update({ ...calls[0], attempts: 2 });
    expect((await createQueueStore(state, log).init())[0].attempts).toBe(2);
    await again.remove('a');
    expect(existsSync(path.join(again.queueDir, 'a.json'))).toBe(false);
    expect(existsSync(path.join(again.queueDir, 'a.body'))).toBe(false);
  });

  it('writes dead letters that read back through their schema', async () => {
    const store = createQueueStore(path.join(dir, 'b'), log);
    await store.init();
    const file = await store.deadLetter({
      schemaVersion: 1, callId: 'x', function: 'pick', path: '/', enqueuedAt: '2026-01-01T00:00:00.000Z', failedAt: '2026-01-01T00:00:05.000Z',
      attempts: 5, cause: 'function "pick" answered 503: busy (attempt 5 of 5)', status: 503, responseBody: 'busy', requestBody: '{}', requestBodyEncoding: 'utf8', headers: {},
    });
    expect(file).toBe(path.join(store.deadLetterDir, 'x.json'));
    expect((await store.listDeadLetters()).map((d) => d.cause)).toEqual(['function "pick" answered 503: busy (attempt 5 of 5)']);
  });
});

describe('backoffMs', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [6, 30_000],
  ])('after %i failed attempts waits %i ms (min 1 s, max 30 s)', (attempt, ms) => expect(backoffMs(attempt, 1000, 30_000)).toBe(ms));
});
