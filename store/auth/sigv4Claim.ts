// Reads what a SigV4 request claims (key id, scope, date, signed headers, signature) from its Authorization
// header or its presigned query, before anything is verified; malformed claims are refused here, by name.
import { S3RequestError } from './s3Error.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** S3 refuses presigned URLs valid for more than seven days. */
export const MAX_EXPIRES_S = 7 * 24 * 3600;

export interface SigV4Claim {
  accessKeyId: string;
  /** yyyymmdd of the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  /** X-Amz-Date as sent, e.g. 20130524T000000Z. */
  amzDate: string;
  signedAt: Date;
  /** Lower-case header names, in the order sent. */
  signedHeaders: string[];
  signature: string;
  /** Seconds of validity of a presigned URL; null for an Authorization header. */
  expiresS: number | null;
}

const DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function parseAmzDate(value: string | undefined, where: string): Date {
  const m = DATE_RE.exec(value ?? '');
  if (!m) throw new S3RequestError('AccessDenied', `${where}: X-Amz-Date ${JSON.stringify(value ?? null)} is not of the form yyyymmddThhmmssZ`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function parseCredential(credential: string, code: 'AuthorizationHeaderMalformed' | 'AuthorizationQueryParametersError'): Pick<SigV4Claim, 'accessKeyId' | 'scopeDate' | 'region' | 'service'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]) || parts[0] === '') {
    throw new S3RequestError(code, `Credential ${JSON.stringify(credential)} is not <key id>/<yyyymmdd>/<region>/s3/aws4_request`);
  }
  if (parts[3] !== 's3') throw new S3RequestError(code, `Credential scope names service "${parts[3]}", expected "s3"`);
  return { accessKeyId: parts[0], scopeDate: parts[1], region: parts[2], service: parts[3] };
}

function signedHeaderList(value: string, code: 'AuthorizationHeaderMalformed' | 'AuthorizationQueryParametersError'): string[] {
  const list = value.split(';');
  if (!list.includes('host') || list.some((h) => !/^[a-z0-9-]+$/.test(h))) throw new S3RequestError(code, `SignedHeaders "${value}" must be lower-case names including host`);
  return list;
}

function fromHeader(auth: string, headers: Record<string, string | string[] | undefined>): SigV4Claim {
  if (!auth.startsWith(`${ALGORITHM} `)) throw new S3RequestError('AccessDenied', 'only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted');
  const fields = new Map<string, string>();
  for (const part of auth.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signed = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signed || !signature || !/^[0-9a-f]{64}$/.test(signature)) {
    throw new S3RequestError('AuthorizationHeaderMalformed', 'the Authorization header needs Credential, SignedHeaders and a 64-hex-digit Signature');
  }
  const amzDate = headers['x-amz-date'];
  const date = typeof amzDate === 'string' ? amzDate : undefined;
  return {
    ...parseCredential(credential, 'AuthorizationHeaderMalformed'),
    amzDate: date ?? '', signedAt: parseAmzDate(date, 'Authorization header'),
    signedHeaders: signedHeaderList(signed, 'AuthorizationHeaderMalformed'), signature, expiresS: null,
  };
}

function fromQuery(query: URLSearchParams): SigV4Claim {
  const code = 'AuthorizationQueryParametersError';
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) throw new S3RequestError(code, `X-Amz-Algorithm must be ${ALGORITHM}`);
  const signature = query.get('X-Amz-Signature') ?? '';
  if (!/^[0-9a-f]{64}$/.test(signature)) throw new S3RequestError(code, 'X-Amz-Signature must be 64 hex digits');
  const expires = query.get('X-Amz-Expires') ?? '';
  if (!/^\d{1,7}$/.test(expires) || +expires < 1 || +expires > MAX_EXPIRES_S) {
    throw new S3RequestError(code, `X-Amz-Expires ${JSON.stringify(expires)} must be a whole number of seconds from 1 to ${MAX_EXPIRES_S} (7 days)`);
  }
  const amzDate = query.get('X-Amz-Date') ?? undefined;
  return {
    ...parseCredential(query.get('X-Amz-Credential') ?? '', code),
    amzDate: amzDate ?? '', signedAt: parseAmzDate(amzDate, 'presigned URL'),
    signedHeaders: signedHeaderList(query.get('X-Amz-SignedHeaders') ?? '', code), signature, expiresS: +expires,
  };
}

/** The claim of a request, or an S3RequestError: unsigned and SigV2 requests are refused (AccessDenied). */
export function readSigV4Claim(headers: Record<string, string | string[] | undefined>, query: URLSearchParams): SigV4Claim {
  const auth = headers.authorization;
  const presigned = query.has('X-Amz-Signature') || query.has('X-Amz-Credential');
  if (typeof auth === 'string' && presigned) throw new S3RequestError('InvalidArgument', 'a request may carry an Authorization header or a presigned query, not both');
  if (typeof auth === 'string') return fromHeader(auth, headers);
  if (presigned) return fromQuery(query);
  if (query.has('AWSAccessKeyId') || query.has('Signature')) throw new S3RequestError('AccessDenied', 'only AWS Signature Version 4 presigned URLs are accepted');
  throw new S3RequestError('AccessDenied', 'the request is not signed (AWS Signature Version 4 required)');
}
