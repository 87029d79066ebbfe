// Runs one external command with a timeout, capturing its output (tail) and exit code.
import { spawn } from 'node:child_process';

export interface RunCommandOptions {
  /** Kill the command after this long. @default 600000 */
  timeoutMs?: number;
  /** Keep at most this many characters of output (the tail). @default 8000 */
  maxOutput?: number;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  output: string;
}

/** Spawns argv[0] with argv[1..] (no shell) and resolves when it exits; rejects only if it cannot start. */
export function runCommand(argv: string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  const { timeoutMs = 600_000, maxOutput = 8000, env = process.env } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-maxOutput);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, output });
    });
  });
}
