// Reads a stack.yml: envsubst, YAML, zod validation, then environment_file merging (later files win).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { timeoutProblems } from '../host/timeouts.js';
import { envsubst } from './envsubst.js';
import { StackSchema, type Stack } from './schema.js';

/** A validated stack and the file it came from (handler folders are relative to it). */
export type LoadedStack = Stack & { file: string };

const EnvFileSchema = z.object({ environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)) });

/** Formats zod issues as `a.b.c: message; ...` so the message names the field. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

async function readYaml(file: string, env: Record<string, string | undefined>): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`stack file "${file}": cannot read`, { cause: err });
  }
  try {
    return parseYaml(envsubst(text, { env }));
  } catch (err) {
    throw new InvalidInputError(`stack file "${file}": not valid YAML`, { cause: err });
  }
}

/** Loads and validates `file`, substituting `${VAR:-default}` from `env` first. */
export async function loadStack(file: string, env: Record<string, string | undefined> = process.env): Promise<LoadedStack> {
  const abs = path.resolve(file);
  const parsed = StackSchema.safeParse(await readYaml(abs, env));
  if (!parsed.success) throw new InvalidInputError(`stack file "${abs}": ${formatIssues(parsed.error)}`);
  const stack = parsed.data;
  for (const [name, fn] of Object.entries(stack.functions)) {
    for (const envFile of fn.environment_file ?? []) {
      const envPath = path.resolve(path.dirname(abs), envFile);
      const fromFile = EnvFileSchema.safeParse(await readYaml(envPath, env));
      if (!fromFile.success) throw new InvalidInputError(`function "${name}" environment_file "${envPath}": ${formatIssues(fromFile.error)}`);
      fn.environment = { ...fn.environment, ...fromFile.data.environment };
    }
    const problems = timeoutProblems(fn.environment);
    if (problems.length > 0) throw new InvalidInputError(`stack file "${abs}": functions.${name}.environment: ${problems.join('; ')}`);
  }
  return { ...stack, file: abs };
}

/** Absolute folder of a function's handler (`handler:` is relative to the stack file). */
export function handlerDir(stack: LoadedStack, name: string): string {
  const fn = stack.functions[name];
  if (!fn) throw new InvalidInputError(`stack file "${stack.file}": no function "${name}"`);
  return path.resolve(path.dirname(stack.file), fn.handler);
}
