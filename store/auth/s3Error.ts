// S3-style errors for requests the store refuses before s3rver sees them: the code clients branch on, XML as S3 sends it.
import type { ServerResponse } from 'node:http';
import type { StoreActor, StoreDecision } from './access.js';

const STATUS = {
  AccessDenied: 403,
  SignatureDoesNotMatch: 403,
  RequestTimeTooSkewed: 403,
  InvalidAccessKeyId: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  InvalidObjectName: 400,
  InvalidArgument: 400,
  InvalidRequest: 400,
  XAmzContentSHA256Mismatch: 400,
  IncompleteBody: 400,
  NoSuchKey: 404,
  PreconditionFailed: 412,
  NotImplemented: 501,
} as const;
export type S3ErrorCode = keyof typeof STATUS;

/** A refusal of a user's S3 key, for the audit trail: who, the decision, and the object key it was about. */
export interface RefusedActor {
  actor: StoreActor;
  decision: StoreDecision;
  key: string;
}

/** A refusal with its S3 error code; `message` names what was wrong (never the secret). */
export class S3RequestError extends Error {
  override name = 'S3RequestError';
  readonly status: number;
  constructor(readonly code: S3ErrorCode, message: string, readonly refused?: RefusedActor) {
    super(message);
    this.status = STATUS[code];
  }
}

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Sends `err` as S3 does: status, XML body with Code and Message, x-amz-error-code header. */
export function sendS3Error(res: ServerResponse, err: S3RequestError, resource: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${err.code}</Code><Message>${escapeXml(err.message)}</Message>`
    + `<Resource>${escapeXml(resource)}</Resource></Error>`;
  res.writeHead(err.status, { 'content-type': 'application/xml', 'x-amz-error-code': err.code, 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}
