// Reads a whole request body up to a limit (async calls and /system/* JSON), failing with 413 or 400 naming the problem.
import type { IncomingMessage } from 'node:http';
import { InvalidInputError } from '../../lib/errors.js';
import { PayloadTooLargeError } from './httpErrors.js';

export async function readBodyLimited(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError(`${what}: body larger than the limit of ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** True for application/json and any "+json" content type. */
export function isJsonType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** Parses `buf` as JSON or throws InvalidInputError naming `what` and the parser's complaint. */
export function parseJsonBody(buf: Buffer, what: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch (err) {
    throw new InvalidInputError(`${what}: body is not valid JSON (content-type application/json): ${(err as Error).message}`, { cause: err });
  }
}
