// The lines of a JSON-lines journal written at or after a time, read from the end of the file backwards in chunks, so
// the cost follows the window asked for, not the file (a day of a busy facility is tens of MB).
import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;

/** The `"time":"<ISO>"` a line starts with (the journal writes `time` first), or undefined. */
export function timeOf(line: string): string | undefined {
  const end = line.indexOf('"', 9);
  return line.startsWith('{"time":"') && end > 9 ? line.slice(9, end) : undefined;
}

/**
 * Complete lines of `file` from the first chunk whose first whole line is older than `stopBefore` (ISO) to the end;
 * `complete` is true when a line older than `stopBefore` was seen (nothing before the returned lines can matter), false
 * when the whole file was read. A missing file is empty.
 */
export async function tailLines(file: string, stopBefore: string, chunkBytes = CHUNK): Promise<{ lines: string[]; complete: boolean }> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return { lines: [], complete: false };
  try {
    let pos = (await fh.stat()).size;
    let complete = false;
    let all = Buffer.alloc(0);
    while (pos > 0 && !complete) {
      const n = Math.min(chunkBytes, pos);
      pos -= n;
      const buf = Buffer.alloc(n);
      await fh.read(buf, 0, n, pos);
      all = Buffer.concat([buf, all]);
      // The first whole line read so far: from the start of the file, else after the first newline; whole once its
      // newline (or the end of the file) has been read.
      const start = pos === 0 ? 0 : all.indexOf(10) + 1;
      if (start === 0 && pos > 0) continue;
      const end = all.indexOf(10, start);
      const t = timeOf(all.subarray(start, end < 0 ? all.length : end).toString('utf8'));
      complete = t !== undefined && t < stopBefore;
    }
    const text = all.toString('utf8');
    const lines = text.split('\n').filter(Boolean);
    if (pos > 0) lines.shift(); // cut mid-line by the chunk boundary
    return { lines, complete };
  } finally {
    await fh.close();
  }
}
