// Run an external program (MotionCor2, CTFFIND, …): stdin, timeout, captured output, non-zero exit → ToolFailedError.
import { spawn } from 'node:child_process';
import { ToolFailedError } from '../errors.js';

export interface RunToolOptions {
  /** Text written to the program's stdin (then closed). @default '' */
  stdin?: string;
  /** Kill (SIGKILL) after this many ms. @default 600000 */
  timeoutMs?: number;
  /** @default process.cwd() */
  cwd?: string;
  /** Extra environment variables (merged over process.env). @default {} */
  env?: Record<string, string>;
  /** Kills the program (its whole group) when aborted, e.g. the function host's deadline; rejects with the reason. */
  signal?: AbortSignal;
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  code: number;
  seconds: number;
}

const tail = (s: string, n = 2000): string => (s.length > n ? `…${s.slice(-n)}` : s);

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

/** Spawns `command args`; resolves on exit code 0, else rejects with ToolFailedError naming the command, the code and the output's tail. */
export function runTool(command: string, args: string[], options: RunToolOptions = {}): Promise<ToolRun> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    // Own process group, killed as a whole: a wrapper script's children would otherwise hold the pipes open.
    const timer = setTimeout(() => { timedOut = true; killGroup(child.pid); }, options.timeoutMs ?? 600_000);
    const onAbort = () => killGroup(child.pid);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.stdin.on('error', () => { /* the program may exit before reading all its input; its exit code tells */ });
    child.on('error', (err) => { clearTimeout(timer); reject(new ToolFailedError(`tool "${command}": could not start: ${err.message}`, { cause: err })); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const seconds = (performance.now() - t0) / 1000;
      if (options.signal?.aborted) return reject(options.signal.reason);
      if (timedOut) return reject(new ToolFailedError(`tool "${command}": timed out after ${(options.timeoutMs ?? 600_000) / 1000} s; output: ${tail(stdout + stderr)}`));
      if (code !== 0) return reject(new ToolFailedError(`tool "${command}": exit code ${code ?? signal}; output: ${tail(stderr || stdout)}`));
      resolve({ stdout, stderr, code: 0, seconds });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
