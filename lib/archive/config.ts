// Finalize's configuration: where the archive (GPFS) lives, its layout, tape commands and bucket retention.
import path from 'node:path';
import { z } from 'zod';
import { loadEnv, type Env } from '../config/index.js';

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

/** "raw=raw,motioncor=aligned" → { raw: 'raw', motioncor: 'aligned' }. */
const folderList = z.string().transform((text) => {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, folder] = part.split('=').map((s) => s.trim());
    out[name] = folder ?? '';
  }
  return out;
}).pipe(ArchiveFolders);

const ArchiveEnv = z.object({
  GPFS_ROOT: ArchiveConfig.shape.gpfsRoot,
  GPFS_SESSION_DIR: ArchiveConfig.shape.sessionDir,
  GPFS_FOLDERS: folderList.optional(),
  TAPE_POLICY_FILE: ArchiveConfig.shape.tapePolicyFile,
  TAPE_APPLY_COMMAND: ArchiveConfig.shape.tapeApplyCommand,
  TAPE_PREMIGRATE_COMMAND: ArchiveConfig.shape.tapePremigrateCommand,
  RETENTION_RAW_DAYS: ArchiveConfig.shape.retentionRawDays,
  ARCHIVE_LOCK_STALE_MS: ArchiveConfig.shape.lockStaleMs,
});

/** Reads the archive config from the environment; throws naming every missing or invalid variable. */
export function loadArchiveConfig(env: Env = process.env): ArchiveConfig {
  const e = loadEnv('archive', ArchiveEnv, env);
  return {
    gpfsRoot: e.GPFS_ROOT, sessionDir: e.GPFS_SESSION_DIR, folders: e.GPFS_FOLDERS ?? ArchiveFolders.parse({}),
    tapePolicyFile: e.TAPE_POLICY_FILE, tapeApplyCommand: e.TAPE_APPLY_COMMAND, tapePremigrateCommand: e.TAPE_PREMIGRATE_COMMAND,
    retentionRawDays: e.RETENTION_RAW_DAYS, lockStaleMs: e.ARCHIVE_LOCK_STALE_MS,
  };
}
