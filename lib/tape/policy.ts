// The declarative tape (HSM) policy: per data class, which external pool, when to migrate, premigrate, keep on disk.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export const ExternalPool = z.object({
  /** The interface script mmapplypolicy runs with MIGRATE/PREMIGRATE/RECALL and a file list. */
  exec: z.string().min(1),
  /** Passed verbatim to the script (e.g. the Spectrum Protect server stanza). @default '' */
  opts: z.string().default(''),
});

export const DataClass = z.object({
  name: z.string().regex(NAME, 'letters, digits, "_" or "-", starting with a letter'),
  description: z.string().default(''),
  /** Folders below the session folder, e.g. ["raw/"]. */
  paths: z.array(z.string().min(1).regex(/^[^'%/][^'%]*\/$/, 'relative folder ending in "/", without quotes or "%"')).min(1),
  /** SQL LIKE patterns on the file name, e.g. ["%.mrc"]; empty → every file. @default [] */
  names: z.array(z.string().min(1).regex(/^[^']+$/, 'no quotes')).default([]),
  /** External pool the class goes to (a key of `pools`). */
  pool: z.string(),
  /** Migrate (leave a stub on disk) once the file is this many days old; null → never. @default null */
  migrateAfterDays: z.number().int().nonnegative().nullable().default(null),
  /** Copy to tape at once, keeping the data on disk (dual-resident). @default false */
  premigrate: z.boolean().default(false),
  /** Never stub the file: it stays resident on disk (only premigration allowed). @default false */
  keepOnDisk: z.boolean().default(false),
});
export type DataClass = z.infer<typeof DataClass>;

export const TapePolicy = z.object({
  version: z.literal(1),
  /** GPFS pool the files live in. @default 'system' */
  sourcePool: z.string().regex(NAME).default('system'),
  pools: z.record(z.string().regex(NAME), ExternalPool),
  classes: z.array(DataClass).min(1),
}).superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.classes.forEach((c, i) => {
    if (!(c.pool in p.pools)) ctx.addIssue({ code: 'custom', path: ['classes', i, 'pool'], message: `pool "${c.pool}" is not defined under pools` });
    if (c.keepOnDisk && c.migrateAfterDays !== null) ctx.addIssue({ code: 'custom', path: ['classes', i], message: 'keepOnDisk and migrateAfterDays exclude each other' });
    if (!c.premigrate && c.migrateAfterDays === null) ctx.addIssue({ code: 'custom', path: ['classes', i], message: 'the class neither premigrates nor migrates' });
    if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: ['classes', i, 'name'], message: `duplicate class "${c.name}"` });
    seen.add(c.name);
  });
});
export type TapePolicy = z.infer<typeof TapePolicy>;

/** Parses and validates a policy file's YAML text; `source` names it in messages. */
export function parseTapePolicy(text: string, source = 'tape policy'): TapePolicy {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new InvalidInputError(`${source}: not valid YAML (${(err as Error).message})`, { cause: err });
  }
  const parsed = TapePolicy.safeParse(value);
  if (!parsed.success) {
    throw new InvalidInputError(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
