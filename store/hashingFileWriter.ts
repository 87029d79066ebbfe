// Writes a body to a file and hashes it in the same pass: one stream stage instead of a hashing Transform piped into
// a WriteStream. Chunks that arrive while a write is in flight are gathered (up to BATCH bytes) and written with one
// writev, so the socket keeps being read while the disk works and an object costs a few dozen writes, not hundreds.
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Bytes gathered while a write is in flight before the source is paused. */
export const BATCH = 4 * 1024 * 1024;

export interface WrittenFile {
  size: number;
  /** Hex digests, by algorithm name. */
  digests: Record<string, string>;
}

/** Writes every buffer whole: writev may write less than asked (e.g. interrupted), then the rest is retried. */
async function writeAll(file: FileHandle, buffers: Buffer[]): Promise<void> {
  let pending = buffers;
  while (pending.length > 0) {
    let { bytesWritten } = await file.writev(pending);
    while (pending.length > 0 && bytesWritten >= pending[0].length) {
      bytesWritten -= pending[0].length;
      pending = pending.slice(1);
    }
    if (pending.length > 0 && bytesWritten > 0) pending = [pending[0].subarray(bytesWritten), ...pending.slice(1)];
  }
}

class HashingWriter extends Writable {
  size = 0;

  constructor(private readonly file: FileHandle, private readonly hashes: Hash[]) {
    super({ highWaterMark: BATCH });
  }

  private put(buffers: Buffer[], done: (err?: Error | null) => void): void {
    for (const b of buffers) {
      for (const h of this.hashes) h.update(b);
      this.size += b.length;
    }
    writeAll(this.file, buffers).then(() => done(), done);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.put([chunk], done);
  }

  override _writev(chunks: { chunk: Buffer }[], done: (err?: Error | null) => void): void {
    this.put(chunks.map((c) => c.chunk), done);
  }
}

/**
 * Streams `content` into a new file at `path` (mode 0600), hashing it with each of `algorithms` as it goes. Resolves
 * once every byte is written (the file is closed); rejects with the source's or the file's error.
 */
export async function writeHashedFile(content: NodeJS.ReadableStream | Buffer, path: string, algorithms: string[]): Promise<WrittenFile> {
  const hashes = algorithms.map((a) => createHash(a));
  const file = await open(path, 'wx', 0o600);
  try {
    const writer = new HashingWriter(file, hashes);
    await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, writer);
    return { size: writer.size, digests: Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest('hex')])) };
  } finally {
    await file.close();
  }
}
