// Admits a request to s3rver only when its SigV4 signature verifies against a known key whose policy allows the
// operation, and hands on a body that is checked (sha256 or chunk signatures) while it streams; throws otherwise.
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import type { AccessLookup, StoreAction } from './access.js';
import { awsChunkedDecoder, sha256Check } from './payloadChecks.js';
import { readRequestNames } from './requestNames.js';
import type { RequestNames } from './requestNames.js';
import { S3RequestError } from './s3Error.js';
import type { StoreAccess, StoreActor, StoreDecision } from './access.js';
import { readSigV4Claim } from './sigv4Claim.js';
import { UNSIGNED_PAYLOAD, verifySignature } from './verifySignature.js';

const STREAMING = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';

export interface Admitted {
  names: RequestNames;
  /** The body s3rver should read (verified as it streams), with the headers it should see. */
  body: Readable;
  headers: IncomingMessage['headers'];
  accessKeyId: string;
  /** A user's S3 key: who it acts for and the decisions that let the request in (audited by the store). */
  actor?: StoreActor;
  decisions: StoreDecision[];
}

/** The actions a request performs, as [action, bucket, key]; a multi-object delete needs delete on the whole bucket. */
function actionsOf(method: string, query: URLSearchParams, names: RequestNames): [StoreAction, string, string][] {
  const { bucket, key } = names;
  // A listing reads the names under its prefix: a prefix-limited key lists only inside its prefix.
  if (method === 'GET' || method === 'HEAD') return [['read', bucket, key || (query.get('prefix') ?? '')]];
  if (method === 'DELETE') return [[query.has('uploadId') ? 'write' : 'delete', bucket, key]];
  if (method === 'POST' && query.has('delete')) return [['delete', bucket, '']];
  const out: [StoreAction, string, string][] = [['write', bucket, key]];
  if (names.copySource) out.push(['read', names.copySource.bucket, names.copySource.key]);
  return out;
}

function bodyOf(req: IncomingMessage, verify: () => Transform | null): Readable {
  const checked = verify();
  if (!checked) return req;
  req.on('error', (err) => checked.destroy(err));
  return req.pipe(checked);
}

/** The key's decision on one action: a user key's own (with its reason), else its policy's yes or no. */
function decisionOf(access: StoreAccess, accessKeyId: string, action: StoreAction, bucket: string, key: string): StoreDecision {
  return access.decide?.(action, bucket, key) ?? { allow: access.can(action, bucket, key), reason: `access key ${accessKeyId} may not ${action} ${JSON.stringify(`${bucket}/${key}`)}` };
}

/** Throws an S3RequestError unless `req` may go on to s3rver. */
export async function admitRequest(req: IncomingMessage, lookup: AccessLookup, now: Date): Promise<Admitted> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const names = readRequestNames(rawPath, query, req.headers);
  const method = req.method ?? 'GET';
  if (method === 'POST' && String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    throw new S3RequestError('AccessDenied', 'browser form uploads (POST policy) are not accepted; use a presigned PUT');
  }
  const claim = readSigV4Claim(req.headers, query);
  const access = await lookup(claim.accessKeyId, now);
  if (!access) throw new S3RequestError('InvalidAccessKeyId', `access key id ${JSON.stringify(claim.accessKeyId)} is not known to this store (or was revoked)`);
  const signer = await verifySignature({ method, rawPath, query, headers: req.headers }, claim, access.secretAccessKey, now);
  const decisions: StoreDecision[] = [];
  for (const [action, b, key] of actionsOf(method, query, names)) {
    const d = decisionOf(access, claim.accessKeyId, action, b, key);
    if (!d.allow) throw new S3RequestError('AccessDenied', d.reason, access.actor && { actor: access.actor, decision: d, key });
    decisions.push(d);
  }
  let headers = req.headers;
  const payloadHash = claim.expiresS === null ? String(req.headers['x-amz-content-sha256']) : UNSIGNED_PAYLOAD;
  const body = bodyOf(req, () => {
    if (payloadHash === UNSIGNED_PAYLOAD) return null;
    if (/^[0-9a-fA-F]{64}$/.test(payloadHash)) return sha256Check(payloadHash);
    if (payloadHash !== STREAMING) throw new S3RequestError('InvalidRequest', `x-amz-content-sha256 "${payloadHash}" is not supported (use a sha256, UNSIGNED-PAYLOAD or ${STREAMING})`);
    const decoded = Number(req.headers['x-amz-decoded-content-length']);
    if (!Number.isSafeInteger(decoded) || decoded < 0) throw new S3RequestError('InvalidRequest', 'a streaming upload needs x-amz-decoded-content-length');
    // s3rver sees the decoded payload: its length, and no aws-chunked content encoding.
    headers = { ...req.headers };
    headers['content-length'] = String(decoded);
    const encoding = String(headers['content-encoding'] ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked');
    if (encoding.length) headers['content-encoding'] = encoding.join(','); else delete headers['content-encoding'];
    delete headers['x-amz-decoded-content-length'];
    return awsChunkedDecoder(signer, claim, decoded);
  });
  return { names, body, headers, accessKeyId: claim.accessKeyId, decisions, ...(access.actor ? { actor: access.actor } : {}) };
}
