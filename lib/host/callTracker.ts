// Bookkeeping of the calls a host is serving, so a stop can wait for them and say what it had to abandon.
import { TimeoutError } from '../errors.js';
import type { Invocation } from './invokeHandler.js';

/** What a drain found: calls in flight when it began, how many ended abandoned, and handlers still running at the end. */
export interface DrainReport {
  inFlight: number;
  abandoned: number;
  unsettled: number;
}

interface Tracked {
  call: Invocation;
  /** Resolves once the reply has been written (or the connection failed). */
  replied: Promise<void>;
  /** Set by the first reaction to `call.finished`, so it is up to date before any later waiter resumes. */
  finished: boolean;
}

export interface CallTracker {
  /** Tracks `call` until both its reply is written and its handler has settled. */
  add(call: Invocation, replied: Promise<void>): void;
  /**
   * Waits for every call in flight to answer (each by its own deadline; `stopAfterMs` > 0 aborts those
   * still running then), then up to `settleMs` for abandoned handlers to finish their cleanup.
   */
  drain(stopAfterMs: number, settleMs: number): Promise<DrainReport>;
}

export function createCallTracker(): CallTracker {
  const calls = new Set<Tracked>();
  return {
    add(call, replied) {
      const t: Tracked = { call, replied, finished: false };
      calls.add(t);
      void call.finished.then(() => (t.finished = true));
      void Promise.all([replied, call.finished]).then(() => calls.delete(t));
    },
    async drain(stopAfterMs, settleMs) {
      const pending = [...calls];
      let stopTimer: NodeJS.Timeout | undefined;
      if (stopAfterMs > 0) {
        stopTimer = setTimeout(() => {
          for (const t of pending) t.call.abort(new TimeoutError(`function host stopping: the handler did not answer within ${stopAfterMs / 1000} s of SIGTERM`));
        }, stopAfterMs);
      }
      await Promise.all(pending.map((t) => t.replied));
      clearTimeout(stopTimer);
      let settleTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(pending.map((t) => t.call.finished)),
        new Promise<void>((resolve) => (settleTimer = setTimeout(resolve, settleMs))),
      ]);
      clearTimeout(settleTimer);
      return {
        inFlight: pending.length,
        abandoned: pending.filter((t) => t.call.abandoned()).length,
        unsettled: pending.filter((t) => !t.finished).length,
      };
    },
  };
}
