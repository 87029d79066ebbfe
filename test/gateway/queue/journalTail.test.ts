// Reading a journal's recent lines from its end: the same lines as reading the whole file and filtering, whatever the
// chunk size (lines and multi-byte characters cut at chunk boundaries), across the rotated file, and for no file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCallJournal } from '../../../gateway/queue/callJournal.js';
import { tailLines } from '../../../gateway/queue/journalTail.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-tail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.parse('2026-12-05T00:00:00.000Z');
const iso = (i: number) => new Date(T0 + i * 60_000).toISOString();
/** Line i at minute i, with a multi-byte key so chunk cuts fall inside characters too. */
const line = (i: number) => JSON.stringify({ time: iso(i), callId: `c${i}`, function: 'motioncor', event: 'attempt', key: `raw/é/s/µ${i}.tif`, status: 200, seconds: i });

describe('tailLines', () => {
  const file = path.join(dir, 'one.jsonl');
  writeFileSync(file, Array.from({ length: 300 }, (_, i) => line(i)).join('\n') + '\n');

  it.each([7, 64, 100, 1000, 1 << 20])('with %d-byte chunks returns whole lines back to the first one older than the stop', async (chunk) => {
    const { lines, complete } = await tailLines(file, iso(250), chunk);
    expect(complete).toBe(true);
    // Everything from minute 250 on is there, whole and in order; what precedes it is older and is filtered by the caller.
    const tail = lines.slice(lines.indexOf(line(250)));
    expect(tail).toEqual(Array.from({ length: 50 }, (_, i) => line(250 + i)));
    expect(lines.every((l) => JSON.parse(l) as unknown)).toBe(true);
  });

  it('reads the whole file when nothing is older than the stop, and nothing when there is no file', async () => {
    expect(await tailLines(file, iso(-5), 64)).toEqual({ lines: Array.from({ length: 300 }, (_, i) => line(i)), complete: false });
    expect(await tailLines(path.join(dir, 'missing.jsonl'), iso(0))).toEqual({ lines: [], complete: false });
  });
});

describe('CallJournal.since', () => {
  it('returns exactly the entries at or after the time, from the rotated file too when the window reaches into it', async () => {
    const jdir = path.join(dir, 'state');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(jdir);
    writeFileSync(path.join(jdir, 'calls.jsonl.1'), Array.from({ length: 100 }, (_, i) => line(i)).join('\n') + '\n');
    writeFileSync(path.join(jdir, 'calls.jsonl'), Array.from({ length: 100 }, (_, i) => line(100 + i)).join('\n') + '\n');
    const journal = createCallJournal(jdir);
    for (const from of [150, 95, 0]) {
      const got = await journal.since(new Date(Date.parse(iso(from))));
      expect(got.map((e) => e.callId)).toEqual(Array.from({ length: 200 - from }, (_, i) => `c${from + i}`));
    }
  });
});
