// tape-status.json beside a session: tape commands still to run (tool missing or failed) and the last results.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../archive/atomicFile.js';

export const TAPE_STATUS_NAME = 'tape-status.json';

export const TapeCommandState = z.object({
  tool: z.enum(['mmapplypolicy', 'dsmmigrate']),
  argv: z.array(z.string()),
  /** applied: exit 0; pending: the executable is not installed here; failed: non-zero exit. */
  status: z.enum(['applied', 'pending', 'failed']),
  exitCode: z.number().int().nullable(),
  output: z.string(),
  time: z.string(),
});
export type TapeCommandState = z.infer<typeof TapeCommandState>;

export const TapeStatus = z.object({
  schemaVersion: z.literal(1),
  policyFile: z.string().nullable(),
  /** Commands not yet applied successfully; `cryoem-daq tape apply` runs them. */
  pending: z.array(TapeCommandState),
  /** The most recent results, newest last (bounded). */
  recent: z.array(TapeCommandState),
});
export type TapeStatus = z.infer<typeof TapeStatus>;

const RECENT = 20;

export function tapeStatusPath(sessionDir: string): string {
  return path.join(sessionDir, TAPE_STATUS_NAME);
}

/** The session's tape status, or an empty one. */
export async function readTapeStatus(sessionDir: string): Promise<TapeStatus> {
  try {
    return TapeStatus.parse(JSON.parse(await readFile(tapeStatusPath(sessionDir), 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 1, policyFile: null, pending: [], recent: [] };
    throw new Error(`tape status "${tapeStatusPath(sessionDir)}": ${(err as Error).message}`, { cause: err });
  }
}

const sameArgv = (a: { argv: string[] }, b: { argv: string[] }): boolean => JSON.stringify(a.argv) === JSON.stringify(b.argv);

/** Folds new results in: applied ones leave the pending list, pending/failed ones join it (once). */
export function mergeTapeStatus(status: TapeStatus, policyFile: string | null, results: TapeCommandState[]): TapeStatus {
  // Keep each command's place in the queue; applied ones leave it, new ones join at the end.
  const pending = status.pending.map((p) => results.find((r) => sameArgv(p, r)) ?? p).filter((p) => p.status !== 'applied');
  pending.push(...results.filter((r) => r.status !== 'applied' && !status.pending.some((p) => sameArgv(p, r))));
  return { schemaVersion: 1, policyFile: policyFile ?? status.policyFile, pending, recent: [...status.recent, ...results].slice(-RECENT) };
}

export async function writeTapeStatus(sessionDir: string, status: TapeStatus): Promise<void> {
  await writeFileAtomic(tapeStatusPath(sessionDir), JSON.stringify(status, null, 2) + '\n');
}
