// Resolves a command name on PATH (or checks a path), so a missing HSM tool means "pending", not a failure.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

async function isExecutable(p: string): Promise<boolean> {
  try {
    await access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of `command` (a name searched on `pathVar`, or a path), or null when there is none. */
export async function findExecutable(command: string, pathVar: string = process.env.PATH ?? ''): Promise<string | null> {
  if (command.includes('/')) return (await isExecutable(command)) ? path.resolve(command) : null;
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}
