// Worker-thread entry for the pool: runs the task module's default export. The TypeScript loader is registered
// only when a task is a .ts source: the bundled CLI hands over its pre-built .mjs tasks (lib/parallel/taskBundle.ts),
// and a thread that never compiles TypeScript starts in a fraction of the time.
import os from 'node:os';
import { URL } from 'node:url';

// On Linux a nice value is per thread: lowering this worker's priority keeps the main thread's event
// loop (health checks, HTTP) responsive while every core crunches frames.
try {
  os.setPriority(0, 10);
} catch {
  // not permitted here: run at normal priority
}
const cache = new Map();
let typescript;

async function load(moduleUrl) {
  let fn = cache.get(moduleUrl);
  if (!fn) {
    if (new URL(moduleUrl).pathname.endsWith('.ts')) {
      typescript ??= import('tsx/esm/api').then(({ register }) => { register(); });
      await typescript;
    }
    const mod = await import(moduleUrl);
    fn = mod.default;
    if (typeof fn !== 'function') throw new Error(`worker task module ${moduleUrl} has no default export function`);
    cache.set(moduleUrl, fn);
  }
  return fn;
}

export default async function run({ moduleUrl, input, preload }) {
  if (moduleUrl === null) {
    // The pool's warm-up (this thread is up), loading the task modules it is about to be given.
    for (const m of preload ?? []) await load(m);
    return null;
  }
  return (await load(moduleUrl))(input);
}
