// Reads a request body under a size limit and decodes it as the node template's body-parser chain would.
import type { IncomingMessage } from 'node:http';
import { InvalidInputError, PayloadTooLargeError } from '../errors.js';

export interface ReadBodyOptions {
  /** Largest JSON body in bytes. @default 102400 */
  maxJsonBytes?: number;
  /** Largest text or binary body in bytes. @default 102400 */
  maxRawBytes?: number;
  /** Largest refused body read and discarded rather than closing the connection. @default DEFAULT_MAX_DRAIN_BYTES */
  maxDrainBytes?: number;
}

type BodyKind = 'json' | 'text' | 'form' | 'raw';

/** How a content type is decoded; a missing content type counts as text/plain (node template). */
export function bodyKind(contentType: string | undefined): BodyKind {
  const type = (contentType ?? 'text/plain').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type.startsWith('text/') || type === '') return 'text';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  return 'raw';
}

/** Largest refused body the host reads and throws away to keep the connection; larger ones close it. */
export const DEFAULT_MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * A body over MAX_JSON_SIZE/MAX_RAW_SIZE. `drained`: the rest was read and discarded, so the connection can
 * carry the next request; otherwise the reply must close it (an unread body would be parsed as the next request).
 */
export class BodyTooLargeError extends PayloadTooLargeError {
  override name = 'BodyTooLargeError';
  constructor(message: string, readonly drained: boolean) {
    super(message);
  }
}

/**
 * The body, up to `limit` bytes. Over the limit it keeps reading and discarding up to `drainLimit` bytes
 * in all (a clean 413 on a reusable connection: of-watchdog reuses upstream connections), then gives up.
 */
function collect(req: IncomingMessage, limit: number, what: string, drainLimit: number): Promise<Buffer> {
  const tooLarge = (drained: boolean) => new BodyTooLargeError(`request body: more than ${limit} bytes (limit ${what}=${limit})`, drained);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit && declared > drainLimit) return Promise.reject(tooLarge(false));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (chunks.length > 0) chunks.length = 0;
      if (size > drainLimit) {
        req.pause();
        done(tooLarge(false));
      }
    };
    const onEnd = () => done(size > limit ? tooLarge(true) : undefined);
    const onError = (err: Error) => done(err);
    const onClose = () => done(new InvalidInputError('request body: the client closed the connection before the body ended'));
    req.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}

/** The decoded body: object for JSON (undefined when empty), string for text, record for forms, else Buffer. */
export async function readBody(req: IncomingMessage, options: ReadBodyOptions = {}): Promise<unknown> {
  return (await readBodyAndBytes(req, options)).body;
}

/** The decoded body and the bytes it was decoded from (a text/plain upload keeps its binary bytes there). */
export async function readBodyAndBytes(req: IncomingMessage, options: ReadBodyOptions = {}): Promise<{ body: unknown; raw: Buffer }> {
  const kind = bodyKind(req.headers['content-type']);
  const jsonLimit = options.maxJsonBytes ?? 102_400;
  const rawLimit = options.maxRawBytes ?? 102_400;
  const drainLimit = options.maxDrainBytes ?? DEFAULT_MAX_DRAIN_BYTES;
  const buf = await collect(req, kind === 'json' ? jsonLimit : rawLimit, kind === 'json' ? 'MAX_JSON_SIZE' : 'MAX_RAW_SIZE', drainLimit);
  if (kind === 'raw') return { body: buf, raw: buf };
  const text = buf.toString('utf8');
  if (kind === 'text') return { body: text, raw: buf };
  if (kind === 'form') return { body: Object.fromEntries(new URLSearchParams(text)), raw: buf };
  if (text.trim() === '') return { body: undefined, raw: buf };
  try {
    return { body: JSON.parse(text) as unknown, raw: buf };
  } catch (err) {
    throw new InvalidInputError(`request body: invalid JSON with content-type application/json: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads and throws away a body the host refuses; true when the connection can carry another request. */
export async function discardBody(req: IncomingMessage, maxDrainBytes = DEFAULT_MAX_DRAIN_BYTES): Promise<boolean> {
  try {
    await collect(req, 0, 'refused', maxDrainBytes);
    return true;
  } catch (err) {
    return err instanceof BodyTooLargeError && err.drained;
  }
}
