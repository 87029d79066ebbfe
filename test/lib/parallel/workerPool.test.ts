import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { threadId } from 'node:worker_threads';
import { createWorkerPool, sharedWorkerPool } from '../../../lib/parallel/workerPool.js';
import { parseTaskBundle, taskModuleHref } from '../../../lib/parallel/taskBundle.js';

const pool = createWorkerPool({ maxThreads: 2 });
afterAll(() => pool.destroy());

describe('createWorkerPool', () => {
  it('runs a TypeScript task module in another thread', async () => {
    const out = await pool.run<{ values: number[] }, { total: number; threadId: number }>(
      new URL('./sumTask.ts', import.meta.url),
      { values: [1, 2, 3.5] },
    );
    expect(out.total).toBe(6.5);
    expect(out.threadId).not.toBe(threadId);
  });

  it('rejects with a message naming a module without a default function', async () => {
    await expect(pool.run(new URL('../../../lib/image.ts', import.meta.url), {})).rejects.toThrow(/has no default export function/);
  });

  it('is never warm unless created warm; a warm pool turns warm once every thread has run a task', async () => {
    await pool.run(new URL('./sumTask.ts', import.meta.url), { values: [1] });
    expect(pool.isWarm()).toBe(false);
    const warm = createWorkerPool({ maxThreads: 2, warm: true });
    try {
      expect(warm.isWarm()).toBe(false);
      await warm.whenWarm();
      expect(warm.isWarm()).toBe(true);
      // Both threads are up: two tasks at once run on two different threads.
      const ids = await Promise.all([1, 2].map(() => warm.run<{ values: number[]; holdMs: number }, { threadId: number }>(new URL('./sumTask.ts', import.meta.url), { values: [1], holdMs: 200 })));
      expect(new Set(ids.map((o) => o.threadId)).size).toBe(2);
    } finally {
      await warm.destroy();
    }
  });

  it('loads a task\'s pre-built module where a task bundle names one, and the source elsewhere', async () => {
    const source = new URL('./sumTask.ts', import.meta.url);
    const built = createWorkerPool({ maxThreads: 1, taskBundle: new Map([[source.href, new URL('./sumTaskBuilt.mjs', import.meta.url).href]]) });
    try {
      expect(await built.run(source, { values: [2, 3] })).toMatchObject({ total: 5, built: true });
      expect(await built.run(new URL('./sumTask.ts', import.meta.url), { values: [1] })).toMatchObject({ built: true });
      const other = await built.run<{ values: number[] }, { total: number; built?: boolean }>(new URL('./sumTask.ts?other', import.meta.url), { values: [4] });
      expect(other).toEqual({ total: 4, threadId: expect.any(Number) });
    } finally {
      await built.destroy();
    }
  });

  it('maps task sources to tasks/<source path>.mjs in the bundle folder, and nothing from the sources', () => {
    const bundle = parseTaskBundle(JSON.stringify({ root: 'file:///p/', bundle: 'file:///p/dist/cli/', tasks: ['lib/motion/spectraTask.ts'] }));
    expect(taskModuleHref(new URL('file:///p/lib/motion/spectraTask.ts'), bundle)).toBe('file:///p/dist/cli/tasks/lib/motion/spectraTask.mjs');
    expect(taskModuleHref(new URL('file:///p/lib/motion/alignTask.ts'), bundle)).toBe('file:///p/lib/motion/alignTask.ts');
    // Run from the sources (as this test is), no bundle is defined.
    expect(taskModuleHref(new URL('file:///p/lib/motion/spectraTask.ts'))).toBe('file:///p/lib/motion/spectraTask.ts');
    expect(() => parseTaskBundle('{"root": 1}')).toThrow();
  });

  it('prepare starts every thread and loads the task modules in each before any task runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pool-prepare-'));
    const record = join(dir, 'loads');
    process.env.LOAD_RECORD = record;
    const fresh = createWorkerPool({ maxThreads: 2 });
    try {
      fresh.prepare([new URL('./loadRecordTask.mjs', import.meta.url)]);
      const loads = async (): Promise<string[]> => (await readFile(record, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      await vi.waitFor(async () => expect(new Set(await loads()).size).toBe(2), { timeout: 30_000, interval: 20 });
      // Both threads hold the module now: running it loads nothing again.
      const ids = await Promise.all([1, 2].map(() => fresh.run<null, number>(new URL('./loadRecordTask.mjs', import.meta.url), null)));
      for (const id of ids) expect(await loads()).toContain(String(id));
      expect(await loads()).toHaveLength(2);
    } finally {
      delete process.env.LOAD_RECORD;
      await fresh.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed WORKER_THREADS or WORKER_WARM, naming it', () => {
    expect(() => sharedWorkerPool({ WORKER_THREADS: 'two' })).toThrow(/worker pool environment: WORKER_THREADS: /);
    expect(() => sharedWorkerPool({ WORKER_WARM: 'yes' })).toThrow(/worker pool environment: WORKER_WARM: /);
  });
});
