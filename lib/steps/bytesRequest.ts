// "Bytes in": a micrograph sent as the request body becomes an ad-hoc StepRequest on a stored copy of it.
import { adhocPrefix, prefixProblem } from '../events/adhoc.js';
import type { StepName } from '../events/pipeline.js';
import type { StepRequest } from '../events/stepRequest.js';
import { InvalidInputError, UnsupportedMediaTypeError } from '../errors.js';
import type { ObjectStore } from '../store/index.js';
import type { CallIdentity } from './stepTarget.js';

/** Content types taken as an MRC micrograph; text/plain too, since `faas-cli invoke` sends that by default. */
export const MRC_CONTENT_TYPES = ['application/octet-stream', 'application/x-mrc', 'image/x-mrc', 'image/mrc', 'text/plain'] as const;

/** Query names that are not step parameters. */
const RESERVED = new Set(['name', 'output', 'chain', 'force']);

function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'text/plain').split(';')[0].trim().toLowerCase();
}

/** True when the body is a file rather than a JSON request (JSON types, or text starting with "{", are requests). */
export function isBytesBody(contentType: string | undefined, raw: Uint8Array | undefined): raw is Uint8Array {
  if (!raw || raw.length === 0) return false;
  const type = mediaType(contentType);
  if (type === 'application/json' || type.endsWith('+json')) return false;
  if (type === 'text/plain' || type === 'application/x-www-form-urlencoded') {
    const first = raw.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    return first !== 0x7b; // '{'
  }
  return true;
}

/** What the bytes look like: MRC2014 has "MAP " at byte 208; TIFF starts II*\0 or MM\0*. */
function sniff(raw: Uint8Array): string {
  if (raw.length >= 212 && String.fromCharCode(...raw.subarray(208, 212)) === 'MAP ') return 'mrc';
  if (raw.length >= 4 && ((raw[0] === 0x49 && raw[1] === 0x49 && raw[2] === 0x2a) || (raw[0] === 0x4d && raw[1] === 0x4d && raw[3] === 0x2a))) return 'TIFF';
  return 'unknown';
}

/** Throws 415 unless `step` takes bytes and the body is an MRC micrograph under an accepted content type. */
export function checkBytes(step: StepName, contentType: string | undefined, raw: Uint8Array): void {
  const takes = `an MRC micrograph (MRC2014, "MAP " at byte 208) as ${MRC_CONTENT_TYPES.join(', ')}`;
  if (step !== 'ctffind' && step !== 'pick') {
    throw new UnsupportedMediaTypeError(`step ${step} takes a JSON request {"bucket","key"} (application/json); ${step === 'motioncor' ? 'movies go by key: upload the movie to the bucket first' : 'it runs on pipeline keys only'}`);
  }
  const type = mediaType(contentType);
  const kind = sniff(raw);
  if (!(MRC_CONTENT_TYPES as readonly string[]).includes(type) || kind !== 'mrc') {
    const got = kind === 'mrc' ? `content type ${type}` : `${kind === 'unknown' ? 'bytes that are not MRC' : kind} (${type})`;
    throw new UnsupportedMediaTypeError(`step ${step} takes ${takes}, or a JSON request {"bucket","key"}; got ${got}`);
  }
}

/** A query value as JSON when it parses ("1.5", "true", "[5,5]"), else the string. */
function queryValue(v: string): unknown {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** Step parameters from the query string and an `X-Step-Params` JSON header (the header wins). */
export function paramsOf(query: Record<string, string | string[]>, header: string | string[] | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) if (!RESERVED.has(k)) params[k] = queryValue(Array.isArray(v) ? v[0] : v);
  const text = Array.isArray(header) ? header[0] : header;
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new InvalidInputError(`X-Step-Params header: not JSON (${(err as Error).message})`, { cause: err });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidInputError('X-Step-Params header: expected a JSON object');
    Object.assign(params, parsed);
  }
  return params;
}

/** Stores the body under <prefix>input/<name>.mrc and returns the ad-hoc request that runs the step on it. */
export async function storeBytesInput(
  store: ObjectStore, raw: Uint8Array, query: Record<string, string | string[]>, paramsHeader: string | string[] | undefined, who: CallIdentity,
): Promise<StepRequest> {
  const one = (name: string): string | undefined => {
    const v = query[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const name = one('name') ?? 'micrograph';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name) || name.includes('..')) throw new InvalidInputError(`query name "${name}": expected a plain file name (letters, digits, ., _ and -)`);
  const chain = one('chain') === 'true';
  const output = one('output') ?? adhocPrefix(who.caller, who.callId, chain);
  const problem = prefixProblem(output);
  if (problem) throw new InvalidInputError(`query output "${output}": ${problem}`);
  const key = `${output}input/${name.replace(/\.mrc$/i, '')}.mrc`;
  await store.put(key, raw, { contentType: 'application/octet-stream' });
  return { bucket: store.bucket, key, force: one('force') === 'true', output, ...(chain ? { chain } : {}), params: paramsOf(query, paramsHeader) };
}
