// A worker-thread pool (piscina) for CPU-heavy work, so the event loop keeps answering health checks.
import os from 'node:os';
import { Piscina } from 'piscina';
import type { TransferListItem } from 'node:worker_threads';
import { z } from 'zod';
import { taskModuleHref } from './taskBundle.js';

export interface WorkerPoolOptions {
  /** @default number of CPUs */
  maxThreads?: number;
  /** Threads kept alive when idle. @default 0 */
  minThreads?: number;
  /** Milliseconds an idle thread lives. @default 30000 */
  idleTimeoutMs?: number;
  /**
   * Start every thread now and keep it (a long-lived function host): small jobs, which would run inline
   * rather than wait 0.4–0.7 s for threads to start, can then use them (see isWarm). @default false
   */
  warm?: boolean;
  /** Task source URL → module to load instead (the bundled CLI's pre-built tasks). @default the bundle this code was built into (taskBundle.ts), none from the sources */
  taskBundle?: Map<string, string>;
}

/** Runs `(input) => output` functions exported as the default of a task module, in worker threads. */
export interface WorkerPool {
  run<TIn, TOut>(taskModule: URL, input: TIn, transferList?: TransferListItem[]): Promise<TOut>;
  readonly threads: number;
  /** True once a warm pool's threads have all started and run a task: work handed over now pays no start-up. */
  isWarm(): boolean;
  /** Resolves when isWarm() turns true (never, for a pool not created warm). */
  whenWarm(): Promise<void>;
  /**
   * Starts every thread now and loads these task modules in each, without waiting: a caller about to spend seconds
   * on other work (reading a movie) hides the threads' start-up behind it. Failures surface when a task runs.
   */
  prepare(taskModules: URL[]): void;
  destroy(): Promise<void>;
}

export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  const maxThreads = options.maxThreads ?? Math.max(1, os.availableParallelism());
  const piscina = new Piscina({
    filename: new URL('./workerBootstrap.mjs', import.meta.url).href,
    maxThreads,
    minThreads: options.warm ? maxThreads : (options.minThreads ?? 0),
    idleTimeout: options.idleTimeoutMs ?? 30_000,
  });
  let warm = false;
  // One empty task per thread at once (loading `preload` there): each thread takes one task at a time, so all must be up to finish.
  const startEveryThread = (preload: string[]): Promise<unknown[]> => Promise.all(Array.from({ length: maxThreads }, () => piscina.run({ moduleUrl: null, input: null, preload })));
  const warming = options.warm ? startEveryThread([]).then(() => { warm = true; }) : new Promise<void>(() => undefined);
  warming.catch(() => undefined); // a pool destroyed while warming simply never turns warm
  return {
    threads: maxThreads,
    isWarm: () => warm,
    whenWarm: () => warming,
    run: <TIn, TOut>(taskModule: URL, input: TIn, transferList?: TransferListItem[]) =>
      piscina.run({ moduleUrl: taskModuleHref(taskModule, options.taskBundle), input }, transferList ? { transferList: transferList } : {}) as Promise<TOut>,
    prepare: (taskModules) => {
      startEveryThread(taskModules.map((m) => taskModuleHref(m, options.taskBundle))).catch(() => undefined);
    },
    destroy: () => piscina.destroy(),
  };
}

/** The environment the process-wide pool is sized from. */
const PoolEnv = z.object({
  WORKER_THREADS: z.coerce.number().int().positive().optional(),
  WORKER_WARM: z.enum(['true', 'false']).optional(),
});

let shared: WorkerPool | undefined;

/**
 * The process-wide pool, created on first use: WORKER_THREADS threads (default the CPU count), started at
 * once and kept when WORKER_WARM=true (function hosts that serve movie after movie).
 */
export function sharedWorkerPool(env: NodeJS.ProcessEnv = process.env): WorkerPool {
  if (!shared) {
    const parsed = PoolEnv.safeParse({ WORKER_THREADS: env.WORKER_THREADS || undefined, WORKER_WARM: env.WORKER_WARM || undefined });
    if (!parsed.success) throw new Error(`worker pool environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    shared = createWorkerPool({ maxThreads: parsed.data.WORKER_THREADS, warm: parsed.data.WORKER_WARM === 'true' });
  }
  return shared;
}
