// A worker-thread pool (piscina) for CPU-heavy work, so the event loop keeps answering health checks.
import os from 'node:os';
import { Piscina } from 'piscina';

export interface WorkerPoolOptions {
  /** @default number of CPUs */
  maxThreads?: number;
  /** Threads kept alive when idle. @default 0 */
  minThreads?: number;
  /** Milliseconds an idle thread lives. @default 30000 */
  idleTimeoutMs?: number;
}

/** Runs `(input) => output` functions exported as the default of a task module, in worker threads. */
export interface WorkerPool {
  run<TIn, TOut>(taskModule: URL, input: TIn, transferList?: Transferable[]): Promise<TOut>;
  readonly threads: number;
  destroy(): Promise<void>;
}

export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  const maxThreads = options.maxThreads ?? Math.max(1, os.availableParallelism());
  const piscina = new Piscina({
    filename: new URL('./workerBootstrap.mjs', import.meta.url).href,
    maxThreads,
    minThreads: options.minThreads ?? 0,
    idleTimeout: options.idleTimeoutMs ?? 30_000,
  });
  return {
    threads: maxThreads,
    run: <TIn, TOut>(taskModule: URL, input: TIn, transferList?: Transferable[]) =>
      piscina.run({ moduleUrl: taskModule.href, input }, transferList ? { transferList: transferList as never } : {}) as Promise<TOut>,
    destroy: () => piscina.destroy(),
  };
}

let shared: WorkerPool | undefined;

/** The process-wide pool, created on first use (size from WORKER_THREADS or the CPU count). */
export function sharedWorkerPool(): WorkerPool {
  if (!shared) {
    const fromEnv = Number(process.env.WORKER_THREADS);
    shared = createWorkerPool({ maxThreads: Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined });
  }
  return shared;
}
