// Plain-JavaScript stand-in for sumTask.ts, as the bundled CLI's pre-built tasks are: runs without the TypeScript loader.
import { threadId } from 'node:worker_threads';

export default function sum(input) {
  return { total: input.values.reduce((a, b) => a + b, 0), threadId, built: true };
}
