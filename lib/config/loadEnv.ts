// The one way every unit reads its environment: a zod schema keyed by variable name, `_FILE` secrets, one error naming every bad variable.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InvalidInputError } from '../errors.js';

export type Env = Record<string, string | undefined>;

export interface LoadEnvOptions {
  /**
   * Variables that may also come from a file named by `<NAME>_FILE` (Docker/Swarm/Kubernetes secrets).
   * Their values never appear in error messages. @default []
   */
  secrets?: readonly string[];
}

/** The raw value of each variable the schema names: empty means unset; secrets may come from `<NAME>_FILE`. */
function rawValues(names: readonly string[], env: Env, secrets: ReadonlySet<string>, problems: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const name of names) {
    const file = secrets.has(name) ? env[`${name}_FILE`] : undefined;
    if (file) {
      try {
        raw[name] = readFileSync(file, 'utf8').trim();
      } catch (err) {
        problems.push(`${name}_FILE: cannot read "${file}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      continue;
    }
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  return raw;
}

/**
 * Validates `env` against `schema`, whose keys are the variable names (e.g. `GATEWAY_PORT: envPort.optional()`).
 * Throws one InvalidInputError, prefixed with `unit`, that lists every missing or invalid variable by name.
 */
export function loadEnv<S extends z.ZodObject>(unit: string, schema: S, env: Env = process.env, options: LoadEnvOptions = {}): z.output<S> {
  const secrets = new Set(options.secrets ?? []);
  const problems: string[] = [];
  const raw = rawValues(Object.keys(schema.shape), env, secrets, problems);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      const value = raw[name];
      if (value === undefined) problems.push(`${name} is not set`);
      else problems.push(`${name}: ${issue.message}${secrets.has(name) || issue.message.includes(`"${value}"`) ? '' : `, got "${value}"`}`);
    }
  }
  if (problems.length) throw new InvalidInputError(`${unit} config: ${problems.join('; ')}`);
  return parsed.data as z.output<S>;
}
