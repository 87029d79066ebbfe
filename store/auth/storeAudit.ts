// The audit lines of users' S3 keys: every refusal, and every write that went through (a PUT, a completed multipart
// upload, a delete), as the store saw them. The store service appends them to the access audit trail.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoreActor, StoreDecision } from './access.js';
import type { Admitted } from './requestGuard.js';
import type { S3RequestError } from './s3Error.js';

export interface StoreAuditEvent {
  actor: StoreActor;
  /** The request, e.g. `PUT /cryoem/raw/A/s1/m.tif`. */
  what: string;
  /** The object keys it touched. */
  keys: string[];
  address: string;
  outcome: 'allowed' | 'refused' | 'failed';
  status: number;
  reason: string;
  action: string;
  experiment?: string;
}

export type StoreAudit = (event: StoreAuditEvent) => void;

function what(req: IncomingMessage): string {
  return `${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0]}`;
}

function fields(d: StoreDecision | undefined): { action: string; experiment?: string } {
  return { action: d?.action ?? 's3', ...(d?.experiment ? { experiment: d.experiment } : {}) };
}

/** The audit line of a refused user-key request; null for refusals of other keys or of unverified requests. */
export function refusalEvent(req: IncomingMessage, err: S3RequestError): StoreAuditEvent | null {
  const r = err.refused;
  if (!r) return null;
  return { actor: r.actor, what: what(req), keys: [r.key], address: req.socket.remoteAddress ?? '', outcome: 'refused', status: err.status, reason: err.message, ...fields(r.decision) };
}

/** Whether a request changes an object (parts and the start of a multipart upload are audited by its completion). */
function changesObject(req: IncomingMessage): boolean {
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  if (req.method === 'PUT') return !query.has('partNumber');
  if (req.method === 'POST') return query.has('uploadId');
  return req.method === 'DELETE';
}

/** Audits an admitted user-key write once its answer is sent, with the status s3rver gave it. */
export function auditWhenAnswered(req: IncomingMessage, res: ServerResponse, admitted: Admitted, audit: StoreAudit | undefined): void {
  const actor = admitted.actor;
  if (!audit || !actor || !changesObject(req)) return;
  res.once('finish', () => {
    const ok = res.statusCode < 400;
    audit({
      actor, what: what(req), keys: [admitted.names.key], address: req.socket.remoteAddress ?? '',
      outcome: ok ? 'allowed' : 'failed', status: res.statusCode, reason: admitted.decisions.map((d) => d.reason).join('; '), ...fields(admitted.decisions[0]),
    });
  });
}
