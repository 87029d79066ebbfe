// Starts stack services as real processes (own process group, so kill -9 takes their children too).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A port free right now (the OS picks it); used where a restarted service must come back on the same port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** SIGKILL to the whole process group (the service and its function processes). */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Runs `node --import tsx <script>` and waits for its first stdout line `{"url": …}`. */
export async function startService(script: string, env: Record<string, string>, timeoutMs = 45_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) { clearTimeout(timer); resolve((JSON.parse(line) as { url: string }).url); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${script} exited with ${code} before starting:\n${out.slice(-3000)}`)); });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-(child.pid ?? 0), sig); } catch { /* already gone */ }
    await exited;
  };
  return { child, url, output: () => out, kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
