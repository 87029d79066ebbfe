// A temporary folder of the host's own, made TMPDIR for its handlers and their tools, removed when it exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder a call makes (runStep's work folder, an external tool's scratch files) then lies
 * below one folder, so a stop that abandons a call still leaves nothing behind. Call it before the handler
 * module and the worker pool load: os.tmpdir() reads TMPDIR on each call, worker threads copy the env at start.
 */
export function usePrivateTmpdir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = mkdtempSync(join(tmpdir(), `cryoem-host-${process.pid}-`));
  env.TMPDIR = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
