// sha256 of a stream or a file, read in order, without holding the data.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Hex sha256 and byte count of everything `stream` yields. */
export async function hashStream(stream: AsyncIterable<Uint8Array | string>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(buf);
    size += buf.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Hex sha256 and size of the file at `path`. */
export function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  return hashStream(createReadStream(path, { highWaterMark: 1 << 20 }));
}
