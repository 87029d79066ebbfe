// One stack function's replicas: round-robin routing over ready replicas, waiting for one, scaling, counting calls.
import type { Logger } from '../../lib/log.js';
import type { StackFunction } from '../../lib/stack/index.js';
import { createReplica, type Replica } from './replica.js';
import type { HostSpec } from './spawnHost.js';

export interface ManagedFunction {
  readonly name: string;
  readonly definition: StackFunction;
  readonly spec: HostSpec;
  readonly replicas: readonly Replica[];
  /** Replicas answering /_/health now. */
  availableReplicas(): number;
  /** Calls routed to this function (sync calls and async attempts). */
  invocationCount: number;
  /** Base URL of the next ready replica (round robin), or undefined when none is ready. */
  pick(): string | undefined;
  /** Base URL of a ready replica, waiting up to `timeoutMs` for one. */
  waitReady(timeoutMs: number): Promise<string>;
  /** Resolves once every replica is ready. */
  waitAllReplicas(timeoutMs: number): Promise<void>;
  scale(replicas: number): Promise<void>;
  stop(): Promise<void>;
}

export function createManagedFunction(name: string, definition: StackFunction, spec: HostSpec, replicas: number, log: Logger): ManagedFunction {
  const list: Replica[] = [];
  const waiters = new Set<() => void>();
  let next = 0;
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  /** Resolves with the first defined value of `probe`, re-checked whenever a replica becomes ready. */
  function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter = () => {
        const value = probe();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`function "${name}": ${what} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      waiters.add(waiter);
    });
  }
  const add = () => list.push(createReplica(spec, { log: log.child({ replica: list.length }), onReady: notify }));

  const fn: ManagedFunction = {
    name,
    definition,
    spec,
    replicas: list,
    invocationCount: 0,
    availableReplicas: () => list.filter((r) => r.ready).length,
    pick() {
      for (let i = 0; i < list.length; i++) {
        const r = list[(next + i) % list.length];
        if (r.ready && r.url) {
          next = (next + i + 1) % list.length;
          return r.url;
        }
      }
      return undefined;
    },
    waitReady(timeoutMs) {
      return waitFor(() => fn.pick(), timeoutMs, 'no replica ready');
    },
    async waitAllReplicas(timeoutMs) {
      await waitFor(() => (fn.availableReplicas() === list.length ? true : undefined), timeoutMs, `${list.length} replicas not all ready`);
    },
    async scale(replicas) {
      while (list.length < replicas) add();
      const removed = list.splice(replicas);
      await Promise.all(removed.map((r) => r.stop()));
    },
    async stop() {
      await fn.scale(0);
    },
  };
  for (let i = 0; i < replicas; i++) add();
  return fn;
}
