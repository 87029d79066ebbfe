// Crash-safe file writes: write a temporary file, fsync it, rename over the target, fsync the folder.
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** After this resolves the file holds `data` even if the process or machine dies; before, it holds the old content or nothing. */
export async function writeFileDurable(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  await fsyncDir(path.dirname(file));
}

/** Removes `file` (missing is fine) and makes the removal durable. */
export async function removeFileDurable(file: string): Promise<void> {
  await unlink(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await fsyncDir(path.dirname(file));
}
