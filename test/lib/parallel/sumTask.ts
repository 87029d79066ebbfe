// Task module for the worker-pool test: sums an array in a worker thread and reports the thread id.
import { threadId } from 'node:worker_threads';

export default function sum(input: { values: number[] }): { total: number; threadId: number } {
  return { total: input.values.reduce((a, b) => a + b, 0), threadId };
}
