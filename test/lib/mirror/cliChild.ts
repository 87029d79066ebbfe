// Test helper: the cryoem-daq CLI as a child process with its JSON log lines parsed, and a condition waiter.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../bin/cryoem-daq.mjs', import.meta.url));

export interface LogLine { msg: string; key?: string }

/** The CLI as a child process; `logs` collects its JSON log lines from stderr. */
export function cli(args: string[], env: Record<string, string>): { child: ChildProcess; logs: LogLine[]; exited: Promise<number | null>; stdout: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  let out = '';
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) if (l.startsWith('{')) logs.push(JSON.parse(l) as LogLine);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, logs, exited, stdout: () => out };
}

/** Resolves once `cond` holds (polled every 25 ms); rejects naming `what` after the timeout. */
export async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

