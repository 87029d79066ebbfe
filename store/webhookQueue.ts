// Durable, ordered webhook delivery like MinIO's queue_dir: each event is a file, retried until a 2xx, then deleted.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../lib/log.js';

export interface WebhookQueueOptions {
  /** Where undelivered events wait (MinIO's queue_dir). */
  queueDir: string;
  /** Wait before retrying a failed delivery; MinIO uses 3 s. @default 3000 */
  retryIntervalMs?: number;
  /** Per-request timeout. @default 10000 */
  timeoutMs?: number;
  log: Logger;
  /** Told of each delivery and each failed attempt (the store's metrics). */
  observer?: { delivered(): void; deliveryFailed(): void };
}

export interface WebhookTarget {
  /** Webhook URL, e.g. http://127.0.0.1:8081/events. */
  endpoint: string;
  /** Sent as `Authorization: Bearer <token>` (a two-word value is sent verbatim, as MinIO does). */
  authToken: string;
}

export interface WebhookQueue {
  /** Starts (or re-points) delivery; events enqueued before wait on disk. */
  connect(target: WebhookTarget): void;
  /** Pauses delivery (events keep waiting on disk), e.g. while the stack shuts down. */
  disconnect(): void;
  /** Stores `body` for delivery after everything enqueued before it. */
  enqueue(body: unknown): Promise<void>;
  /** Resolves once every stored event has been delivered. */
  drained(): Promise<void>;
  /** Number of events waiting. */
  pending(): Promise<number>;
  close(): Promise<void>;
}

/** A queue in `queueDir`; once connected it delivers events left by an earlier run, then those enqueued later. */
export async function createWebhookQueue(options: WebhookQueueOptions): Promise<WebhookQueue> {
  const { queueDir, log } = options;
  const retryMs = options.retryIntervalMs ?? 3000;
  await mkdir(queueDir, { recursive: true });
  let seq = 0;
  let closed = false;
  let wake: (() => void) | null = null;
  let kicked = false;
  let drainWaiters: (() => void)[] = [];
  let target: WebhookTarget | null = null;
  let running: Promise<void> | null = null;
  const files = async (): Promise<string[]> => (await readdir(queueDir)).filter((f) => f.endsWith('.json')).sort();
  /** Waits `ms`, or less when woken (by close, or by enqueue when `wakeable`). */
  const sleep = (ms: number, wakeable: boolean) => new Promise<void>((resolve) => {
    if (closed || (wakeable && kicked)) return resolve();
    const t = setTimeout(resolve, ms);
    wake = () => { if (closed || (wakeable && kicked)) { clearTimeout(t); resolve(); } };
  });
  const kick = () => { kicked = true; wake?.(); };

  async function post(body: string, to: WebhookTarget): Promise<void> {
    const authorization = to.authToken.includes(' ') ? to.authToken : `Bearer ${to.authToken}`;
    const res = await fetch(to.endpoint, {
      method: 'POST', body, headers: { 'content-type': 'application/json', authorization },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await res.arrayBuffer();
    if (res.status < 200 || res.status > 299) throw new Error(`webhook ${to.endpoint} answered ${res.status}`);
  }

  async function loop(): Promise<void> {
    while (!closed) {
      kicked = false;
      const next = (await files())[0];
      if (next === undefined || !target) {
        if (next === undefined) {
          for (const w of drainWaiters) w();
          drainWaiters = [];
        }
        await sleep(60_000, true);
        continue;
      }
      try {
        await post(await readFile(join(queueDir, next), 'utf8'), target);
        await rm(join(queueDir, next), { force: true });
        options.observer?.delivered();
      } catch (err) {
        options.observer?.deliveryFailed();
        log.warn('webhook delivery failed; will retry', { event: next, error: describeError(err), retryMs });
        await sleep(retryMs, false);
      }
    }
  }
  return {
    connect(to) {
      target = to;
      running ??= loop();
      kick();
    },
    disconnect() {
      target = null;
    },
    async enqueue(body) {
      // Time first, then a counter: names sort in enqueue order across restarts.
      const name = `${Date.now().toString().padStart(15, '0')}-${String(seq++).padStart(9, '0')}`;
      await writeFile(join(queueDir, `${name}.tmp`), JSON.stringify(body));
      await rename(join(queueDir, `${name}.tmp`), join(queueDir, `${name}.json`));
      kick();
    },
    drained: () => new Promise<void>((resolve) => { drainWaiters.push(resolve); kick(); }),
    pending: async () => (await files()).length,
    async close() {
      closed = true;
      wake?.();
      await running;
    },
  };
}
