import { afterAll, describe, expect, it } from 'vitest';
import { threadId } from 'node:worker_threads';
import { createWorkerPool } from '../../../lib/parallel/workerPool.js';

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
});
