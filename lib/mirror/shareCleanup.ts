// Share cleanup: a file leaves the microscope share only after a verified upload and a minimum age, never before.
import { unlink } from 'node:fs/promises';
import { hashFile } from '../archive/hashFile.js';
import type { ObjectInfo } from '../store/index.js';
import { alreadyUploaded, MIRROR_META } from './uploadFile.js';

export interface ShareDeleteInput {
  local: { size: number; mtimeMs: number };
  /** HEAD of the file's object, or null when it is not in the bucket. */
  head: ObjectInfo | null;
  /** sha256 of the local file as it is now (computed just before deciding). */
  localSha256: string;
}

export interface ShareDeleteOptions {
  /** The file must be at least this old (by mtime). */
  minAgeMs: number;
  /** @default Date.now() */
  nowMs?: number;
}

/** The rule, as a pure function: bucket holds this exact version (size, mtime, sha256) and the file is old enough. */
export function mayDeleteFromShare(input: ShareDeleteInput, options: ShareDeleteOptions): { ok: boolean; reason: string } {
  const now = options.nowMs ?? Date.now();
  if (!input.head) return { ok: false, reason: 'not in the bucket' };
  if (!alreadyUploaded(input.head, input.local)) return { ok: false, reason: 'the bucket holds another version' };
  if (input.head.metadata[MIRROR_META.sha256] !== input.localSha256) return { ok: false, reason: 'sha256 differs from the uploaded one' };
  const age = now - input.local.mtimeMs;
  if (age < options.minAgeMs) return { ok: false, reason: `younger than ${Math.round(options.minAgeMs / 1000)} s` };
  return { ok: true, reason: `uploaded and verified (sha256 ${input.localSha256})` };
}

/**
 * Deletes `file` when the rule allows it, re-hashing the file first so a rewrite since the upload
 * is never lost. Returns the decision.
 */
export async function cleanupShareFile(
  file: string, local: { size: number; mtimeMs: number }, head: ObjectInfo | null, options: ShareDeleteOptions,
): Promise<{ ok: boolean; reason: string }> {
  const now = options.nowMs ?? Date.now();
  if (!head || !alreadyUploaded(head, local) || now - local.mtimeMs < options.minAgeMs) {
    return mayDeleteFromShare({ local, head, localSha256: '' }, options);
  }
  const decision = mayDeleteFromShare({ local, head, localSha256: (await hashFile(file)).sha256 }, options);
  if (decision.ok) await unlink(file);
  return decision;
}
