import { afterAll, describe, expect, it } from 'vitest';
import { hostReadiness, serveHandler, type RunningHost } from '../../../lib/host/index.js';
import { createLogger } from '../../../lib/log.js';
import { createWorkerPool, type WorkerPool } from '../../../lib/parallel/workerPool.js';

const hosts: RunningHost[] = [];
const pools: WorkerPool[] = [];
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await Promise.all(pools.map((p) => p.destroy()));
});

describe('/_/ready', () => {
  it('answers 503 until isReady() turns true, while /_/health answers 200 throughout', async () => {
    let ready = false;
    const h = await serveHandler(async () => 'ok', { port: 0, logger: createLogger('test', {}, () => {}), isReady: () => ready });
    hosts.push(h);
    expect((await fetch(`${h.url}/_/ready`)).status).toBe(503);
    expect((await fetch(`${h.url}/_/health`)).status).toBe(200);
    ready = true;
    expect((await fetch(`${h.url}/_/ready`)).status).toBe(200);
  });

  it('with WORKER_WARM=true waits for every pool thread to be up', async () => {
    const pool = createWorkerPool({ warm: true, maxThreads: 1 });
    pools.push(pool);
    const ready = hostReadiness({ WORKER_WARM: 'true' }, () => pool);
    expect(ready()).toBe(false); // threads cannot have started within this synchronous call
    await pool.whenWarm();
    expect(ready()).toBe(true);
  });

  it('without WORKER_WARM is ready at once and makes no pool', () => {
    const ready = hostReadiness({}, () => {
      throw new Error('no pool expected');
    });
    expect(ready()).toBe(true);
  });

  it('answers 503 while the host drains, and the drain waits for the call in flight', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    const h = await serveHandler(async () => { entered(); await held; return 'done'; }, { port: 0, logger: createLogger('test', {}, () => {}) });
    const call = fetch(h.url, { method: 'POST', body: 'x' });
    await inHandler;
    const drained = h.drain();
    expect((await fetch(`${h.url}/_/ready`)).status).toBe(503);
    release();
    expect(await (await call).text()).toBe('done');
    expect(await drained).toEqual({ inFlight: 1, abandoned: 0, unsettled: 0 });
  });
});
