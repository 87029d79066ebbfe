// Reads a request body under a size limit and decodes it as the node template's body-parser chain would.
import type { IncomingMessage } from 'node:http';
import { InvalidInputError, PayloadTooLargeError } from '../errors.js';

export interface ReadBodyOptions {
  /** Largest JSON body in bytes. @default 102400 */
  maxJsonBytes?: number;
  /** Largest text or binary body in bytes. @default 102400 */
  maxRawBytes?: number;
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

async function collect(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError(`request body: more than ${limit} bytes (limit ${what}=${limit})`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
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
  const buf = await collect(req, kind === 'json' ? jsonLimit : rawLimit, kind === 'json' ? 'MAX_JSON_SIZE' : 'MAX_RAW_SIZE');
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
