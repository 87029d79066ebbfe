// The process manager: starts every function of a stack as host child processes and stops them all.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError } from '../../lib/errors.js';
import type { Logger } from '../../lib/log.js';
import { handlerDir, minReplicas, type LoadedStack } from '../../lib/stack/index.js';
import { createManagedFunction, type ManagedFunction } from './managedFunction.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StartFunctionsOptions {
  /** Extra environment for every function, over each function's stack `environment`. @default {} */
  functionEnv?: Record<string, string>;
  /** Working directory of the hosts. @default the repository root */
  cwd?: string;
  log: Logger;
}

export interface FunctionManager {
  names(): string[];
  get(name: string): ManagedFunction | undefined;
  /** Resolves once every replica of every function is ready. */
  waitAllReady(timeoutMs: number): Promise<void>;
  /** Stops every replica of every function and waits for the processes to exit. */
  stop(): Promise<void>;
}

export async function startFunctions(stack: LoadedStack, options: StartFunctionsOptions): Promise<FunctionManager> {
  const fns = new Map<string, ManagedFunction>();
  const plans = Object.entries(stack.functions).map(([name, def]) => ({ name, def, handlerFile: path.join(handlerDir(stack, name), 'handler.ts') }));
  for (const plan of plans) {
    await access(plan.handlerFile).catch((err: unknown) => {
      throw new InvalidInputError(`function "${plan.name}": handler file "${plan.handlerFile}" not found`, { cause: err });
    });
  }
  for (const { name, def, handlerFile } of plans) {
    const spec = { name, handlerFile, cwd: options.cwd ?? REPO_ROOT, env: { ...def.environment, ...(options.functionEnv ?? {}) } };
    fns.set(name, createManagedFunction(name, def, spec, minReplicas(name, def), options.log.child({ function: name })));
  }
  return {
    names: () => [...fns.keys()],
    get: (name) => fns.get(name),
    async waitAllReady(timeoutMs) {
      await Promise.all([...fns.values()].map((f) => f.waitAllReplicas(timeoutMs)));
    },
    async stop() {
      await Promise.all([...fns.values()].map((f) => f.stop()));
    },
  };
}
