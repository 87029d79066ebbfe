// Worker-thread entry for the pool: registers the TypeScript loader, then runs the task module's default export.
import { register } from 'tsx/esm/api';

register();
const cache = new Map();

export default async function run({ moduleUrl, input }) {
  let fn = cache.get(moduleUrl);
  if (!fn) {
    const mod = await import(moduleUrl);
    fn = mod.default;
    if (typeof fn !== 'function') throw new Error(`worker task module ${moduleUrl} has no default export function`);
    cache.set(moduleUrl, fn);
  }
  return fn(input);
}
