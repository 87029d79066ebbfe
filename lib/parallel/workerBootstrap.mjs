// Worker-thread entry for the pool: registers the TypeScript loader, then runs the task module's default export.
import os from 'node:os';
import { register } from 'tsx/esm/api';

register();
// On Linux a nice value is per thread: lowering this worker's priority keeps the main thread's event
// loop (health checks, HTTP) responsive while every core crunches frames.
try {
  os.setPriority(0, 10);
} catch {
  // not permitted here: run at normal priority
}
const cache = new Map();

export default async function run({ moduleUrl, input }) {
  if (moduleUrl === null) return null; // the pool's warm-up: this thread is up
  let fn = cache.get(moduleUrl);
  if (!fn) {
    const mod = await import(moduleUrl);
    fn = mod.default;
    if (typeof fn !== 'function') throw new Error(`worker task module ${moduleUrl} has no default export function`);
    cache.set(moduleUrl, fn);
  }
  return fn(input);
}
