// One replica of a function: a host child process that is health-checked, and restarted with backoff when it dies.
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../../lib/log.js';
import { waitHealthy } from './healthProbe.js';
import { spawnHost, type HostSpec } from './spawnHost.js';

export interface ReplicaOptions {
  log: Logger;
  /** Called when the replica starts answering /_/health. */
  onReady: () => void;
  /** First restart delay in ms, doubled per quick failure. @default 200 */
  restartMinMs?: number;
  /** @default 10000 */
  restartMaxMs?: number;
  /** Longest a new host may take to answer /_/health. @default 30000 */
  healthDeadlineMs?: number;
}

export interface Replica {
  readonly ready: boolean;
  /** Base URL while the host listens. */
  readonly url: string | undefined;
  readonly pid: number | undefined;
  readonly restarts: number;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export function createReplica(spec: HostSpec, options: ReplicaOptions): Replica {
  const minMs = options.restartMinMs ?? 200;
  const maxMs = options.restartMaxMs ?? 10_000;
  let child: ChildProcess | undefined;
  let url: string | undefined;
  let ready = false;
  let stopping = false;
  let restarts = 0;
  let quickFailures = 0;
  let startedAt = 0;
  let timer: NodeJS.Timeout | undefined;

  const scheduleRestart = () => {
    if (stopping) return;
    // A replica that stayed up a while starts over at the shortest delay.
    quickFailures = Date.now() - startedAt > 30_000 ? 0 : quickFailures + 1;
    const delay = Math.min(maxMs, minMs * 2 ** Math.max(0, quickFailures - 1));
    options.log.warn('replica exited; restarting', { delayMs: delay, restarts });
    timer = setTimeout(start, delay);
  };

  function start(): void {
    if (stopping) return;
    startedAt = Date.now();
    const spawned = spawnHost(spec);
    const me = spawned.child;
    child = me;
    me.once('exit', (code, signal) => {
      ready = false;
      url = undefined;
      if (!stopping) {
        restarts++;
        options.log.warn('replica died', { pid: me.pid, code, signal });
        scheduleRestart();
      }
    });
    spawned.port.then(
      async (port) => {
        const base = `http://127.0.0.1:${port}`;
        url = base;
        const healthy = await waitHealthy(base, options.healthDeadlineMs ?? 30_000, () => stopping || exited(me));
        if (healthy && !stopping && !exited(me)) {
          ready = true;
          options.log.info('replica ready', { pid: me.pid, port });
          options.onReady();
        } else if (!exited(me)) me.kill('SIGKILL');
      },
      () => undefined, // the exit handler restarts it
    );
  }

  start();
  return {
    get ready() {
      return ready;
    },
    get url() {
      return url;
    },
    get pid() {
      return child?.pid;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      ready = false;
      clearTimeout(timer);
      if (child) await terminate(child, 5000);
    },
  };
}
