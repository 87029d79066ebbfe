// Finalize's configuration: where the archive (GPFS) lives, its layout, tape commands and bucket retention.
import path from 'node:path';
import { z } from 'zod';

/** Archive folder for each class of file, below the session folder. */
export const ArchiveFolders = z.object({
  raw: z.string().min(1).default('raw'),
  motioncor: z.string().min(1).default('motioncor'),
  ctffind: z.string().min(1).default('ctf'),
  pick: z.string().min(1).default('picks'),
});
export type ArchiveFolders = z.infer<typeof ArchiveFolders>;

export const ArchiveConfig = z.object({
  /** Absolute root of the archive file system, e.g. /gpfs/slac/cryo/fs1/exp. */
  gpfsRoot: z.string().refine((p) => path.isAbsolute(p), 'must be an absolute path'),
  /** Session folder below the root; placeholders {experiment} and {session}. */
  sessionDir: z.string().min(1).default('{experiment}/{session}')
    .refine((t) => t.includes('{session}'), 'must contain {session}'),
  folders: ArchiveFolders.default(ArchiveFolders.parse({})),
  /** YAML tape policy (lib/tape); none → no ILM policy is written. */
  tapePolicyFile: z.string().optional(),
  /** mmapplypolicy executable (name on PATH or path); "none" disables. */
  tapeApplyCommand: z.string().min(1).default('mmapplypolicy'),
  /** dsmmigrate executable for immediate premigration; "none" disables. */
  tapePremigrateCommand: z.string().min(1).default('dsmmigrate'),
  /** Raw objects may leave the bucket this many days after a verified finalize (never before). */
  retentionRawDays: z.coerce.number().nonnegative().default(14),
  /** A lock older than this is taken as left by a dead finalizer. */
  lockStaleMs: z.coerce.number().int().positive().default(120_000),
});
export type ArchiveConfig = z.infer<typeof ArchiveConfig>;

/** Environment variable behind each field, so errors name what the operator must set. */
export const ARCHIVE_ENV: Record<Exclude<keyof ArchiveConfig, 'folders'>, string> & { folders: string } = {
  gpfsRoot: 'GPFS_ROOT',
  sessionDir: 'GPFS_SESSION_DIR',
  folders: 'GPFS_FOLDERS',
  tapePolicyFile: 'TAPE_POLICY_FILE',
  tapeApplyCommand: 'TAPE_APPLY_COMMAND',
  tapePremigrateCommand: 'TAPE_PREMIGRATE_COMMAND',
  retentionRawDays: 'RETENTION_RAW_DAYS',
  lockStaleMs: 'ARCHIVE_LOCK_STALE_MS',
};

/** "raw=raw,motioncor=aligned" → { raw: 'raw', motioncor: 'aligned' }. */
function parseFolders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, folder] = part.split('=').map((s) => s.trim());
    out[name] = folder ?? '';
  }
  return out;
}

/** Reads the archive config from the environment; throws naming the missing or invalid variable. */
export function loadArchiveConfig(env: Record<string, string | undefined> = process.env): ArchiveConfig {
  const raw: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(ARCHIVE_ENV)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    raw[field] = field === 'folders' ? parseFolders(value) : value;
  }
  const parsed = ArchiveConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0]) as keyof ArchiveConfig;
      const value = env[ARCHIVE_ENV[field]];
      return value === undefined ? `${ARCHIVE_ENV[field]} is not set` : `${ARCHIVE_ENV[field]}: ${issue.message} (got "${value}")`;
    });
    throw new Error(`archive config: ${problems.join('; ')}`);
  }
  return parsed.data;
}
