// Imports a handler module and checks that its default export is a function.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidInputError } from '../errors.js';
import type { Handler } from './types.js';

/** The default export of `file` (a .ts/.js handler module), resolved against the working directory. */
export async function loadHandler(file: string): Promise<Handler> {
  const abs = path.resolve(file);
  const mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
  if (typeof mod.default !== 'function') throw new InvalidInputError(`handler module "${abs}": default export is not a function`);
  return mod.default as Handler;
}
