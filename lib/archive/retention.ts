// Bucket retention for raw movies: an object may be deleted only after a verified finalize and a minimum age.
import { z } from 'zod';
import { parseInputKey, resultKey } from '../events/pipeline.js';
import type { ObjectInfo, ObjectStore } from '../store/index.js';
import { ArchivedFile } from './movieRecord.js';

const DAY_MS = 86_400_000;

/** The parts of a finalize result JSON (bucket) retention relies on. */
export const FinalizeEvidence = z.object({
  timings: z.object({ startedAt: z.string() }),
  results: z.object({ files: z.array(ArchivedFile) }),
});
export type FinalizeEvidence = z.infer<typeof FinalizeEvidence>;

export interface RetentionOptions {
  /** Days after the verified finalize (and after the upload) before deletion is allowed. */
  minAgeDays: number;
  /** @default new Date() */
  now?: Date;
}

export interface RetentionDecision {
  key: string;
  deletable: boolean;
  reason: string;
}

/**
 * The rule: deletable only when the finalize record lists this exact object (key, ETag, size)
 * as archived with a sha256, and both the finalize and the upload are at least minAgeDays old.
 */
export function rawRetentionDecision(raw: ObjectInfo, evidence: FinalizeEvidence | null, options: RetentionOptions): RetentionDecision {
  const now = (options.now ?? new Date()).getTime();
  const keep = (reason: string): RetentionDecision => ({ key: raw.key, deletable: false, reason });
  if (!evidence) return keep('not finalized');
  const file = evidence.results.files.find((f) => f.key === raw.key);
  if (!file) return keep('finalize record does not list this object');
  if (file.etag !== raw.etag || file.size !== raw.size) return keep(`archived copy is of another version (etag ${file.etag}, size ${file.size})`);
  const minMs = options.minAgeDays * DAY_MS;
  const finalizedAt = Date.parse(evidence.timings.startedAt);
  if (!Number.isFinite(finalizedAt) || now - finalizedAt < minMs) return keep(`finalized less than ${options.minAgeDays} days ago`);
  if (now - raw.lastModified.getTime() < minMs) return keep(`uploaded less than ${options.minAgeDays} days ago`);
  return { key: raw.key, deletable: true, reason: `archived as ${file.path} (sha256 ${file.sha256})` };
}

export interface PruneRawOptions extends RetentionOptions {
  /** Only report; delete nothing. @default true */
  dryRun?: boolean;
}

async function evidenceFor(store: Pick<ObjectStore, 'head' | 'getBytes'>, key: string): Promise<FinalizeEvidence | null> {
  const ref = parseInputKey('motioncor', key);
  if (!ref) return null;
  const rKey = resultKey('finalize', ref);
  if (!(await store.head(rKey))) return null;
  const parsed = FinalizeEvidence.safeParse(JSON.parse(new TextDecoder().decode(await store.getBytes(rKey))));
  return parsed.success ? parsed.data : null;
}

/** Applies the rule to every raw movie under `prefix`; deletes the deletable ones unless dryRun. */
export async function pruneRawObjects(store: Pick<ObjectStore, 'list' | 'head' | 'getBytes' | 'delete'>, prefix: string, options: PruneRawOptions): Promise<(RetentionDecision & { deleted: boolean })[]> {
  const out: (RetentionDecision & { deleted: boolean })[] = [];
  for await (const obj of store.list(prefix)) {
    if (!parseInputKey('motioncor', obj.key)) continue;
    const decision = rawRetentionDecision(obj, await evidenceFor(store, obj.key), options);
    const deleted = decision.deletable && options.dryRun === false;
    if (deleted) await store.delete(obj.key);
    out.push({ ...decision, deleted });
  }
  return out;
}
