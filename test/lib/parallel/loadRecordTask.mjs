// Task module for the worker-pool test: each load appends one line (this thread's id) to the file named by LOAD_RECORD.
import { appendFileSync } from 'node:fs';
import process from 'node:process';
import { threadId } from 'node:worker_threads';

appendFileSync(process.env.LOAD_RECORD, `${threadId}\n`);

export default function loaded() {
  return threadId;
}
