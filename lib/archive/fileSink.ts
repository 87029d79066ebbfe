// The write side of archive copies behind a tiny interface, so tests can inject a full disk (ENOSPC).
import { open } from 'node:fs/promises';

/** A file open for writing: every byte written, then synced, then closed. */
export interface FileSink {
  write(chunk: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Creates `path` exclusively (fails if it exists) and returns its sink. */
export type OpenSink = (path: string) => Promise<FileSink>;

/** The real file system: O_CREAT|O_EXCL|O_WRONLY, mode 0644, writes looped until complete. */
export const openFileSink: OpenSink = async (path) => {
  const fh = await open(path, 'wx', 0o644);
  return {
    async write(chunk) {
      let offset = 0;
      while (offset < chunk.length) {
        const { bytesWritten } = await fh.write(chunk, offset, chunk.length - offset);
        offset += bytesWritten;
      }
    },
    sync: () => fh.sync(),
    close: () => fh.close(),
  };
};
