// Task module for the worker-pool test: sums an array in a worker thread and reports the thread id.
import { threadId } from 'node:worker_threads';

/** `holdMs` keeps the thread busy that long (blocking, as a CPU-bound task would), so concurrent tasks need other threads. */
export default function sum(input: { values: number[]; holdMs?: number }): { total: number; threadId: number } {
  if (input.holdMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, input.holdMs);
  return { total: input.values.reduce((a, b) => a + b, 0), threadId };
}
