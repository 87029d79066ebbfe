// zod validation of dashboard request inputs, turned into InvalidInputError (400) naming the field.
import type { z } from 'zod';
import { z as zod } from 'zod';
import { InvalidInputError } from '../../lib/errors.js';

/** One path segment of a key (experiment, session): no slashes, no dot-only names. */
export const Segment = zod.string().min(1).max(200).regex(/^[^/\\]+$/, 'no slashes').refine((s) => s !== '.' && s !== '..', 'not . or ..');

export function parseBody<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidInputError(`${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
