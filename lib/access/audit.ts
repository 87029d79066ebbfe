// The audit trail: one JSON line per mutating action or refusal, each its own object under `_access/audit/<day>/`
// (S3 has no append; one object per line never loses a line to a concurrent writer). Read back in time order.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ObjectStore } from '../store/index.js';
import { ACCESS_PREFIX } from './accessState.js';

export const AUDIT_PREFIX = `${ACCESS_PREFIX}audit/`;

export const AuditEntry = z.object({
  time: z.iso.datetime(),
  who: z.string(),
  /** What was asked, e.g. `POST /ui/api/uploads` or `access.user.add`. */
  what: z.string(),
  action: z.string(),
  experiment: z.string().optional(),
  keys: z.array(z.string()).default([]),
  address: z.string().default(''),
  outcome: z.enum(['allowed', 'refused', 'failed']),
  status: z.number().int().optional(),
  reason: z.string().default(''),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export async function appendAudit(store: ObjectStore, entry: AuditEntry): Promise<void> {
  const line = AuditEntry.parse(entry);
  const key = `${AUDIT_PREFIX}${line.time.slice(0, 10)}/${line.time}-${randomBytes(4).toString('hex')}.jsonl`;
  await store.put(key, JSON.stringify(line) + '\n', { contentType: 'application/x-ndjson' });
}

/** Entries at or after `since`, oldest first (keys sort by time). */
export async function readAudit(store: ObjectStore, since?: Date): Promise<AuditEntry[]> {
  const from = since?.toISOString() ?? '';
  const out: AuditEntry[] = [];
  for await (const o of store.list(AUDIT_PREFIX)) {
    const name = o.key.slice(o.key.lastIndexOf('/') + 1);
    if (name < from) continue;
    for (const line of new TextDecoder().decode(await store.getBytes(o.key)).split('\n')) {
      if (line.trim()) out.push(AuditEntry.parse(JSON.parse(line)));
    }
  }
  return out;
}
