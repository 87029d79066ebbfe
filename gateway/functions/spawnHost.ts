// Spawns one function host child (lib/host/main.ts) with an IPC channel and resolves with the port it reports.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HOST_MAIN = fileURLToPath(new URL('../../lib/host/main.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface HostSpec {
  /** Function name (FUNCTION_NAME and the log component). */
  name: string;
  /** Absolute path of handler.ts. */
  handlerFile: string;
  /** Environment of the child on top of the gateway's own. */
  env: Record<string, string>;
  /** Working directory (the repository root, so `functions/<step>/handler.ts` paths resolve as in the image). */
  cwd: string;
}

/** The command line a replica runs, as shown in /system/functions `envProcess`. */
export function hostCommand(spec: Pick<HostSpec, 'handlerFile'>): string[] {
  return [process.execPath, '--import', TSX_LOADER, HOST_MAIN, spec.handlerFile];
}

export interface SpawnedHost {
  child: ChildProcess;
  /** Resolves with the port once the host listens; rejects if it exits first. */
  port: Promise<number>;
}

export function spawnHost(spec: HostSpec): SpawnedHost {
  const [cmd, ...args] = hostCommand(spec);
  // The IPC channel doubles as a parent-death signal: the host exits on 'disconnect' (lib/host/watchParent.ts).
  const child = spawn(cmd, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, FUNCTION_NAME: spec.name, http_port: '0' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = new Promise<number>((resolve, reject) => {
    const onMessage = (msg: unknown) => {
      const m = msg as { type?: unknown; port?: unknown };
      if (m?.type === 'listening' && typeof m.port === 'number') {
        child.off('exit', onExit);
        resolve(m.port);
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      reject(new Error(`function "${spec.name}" host exited before listening (code ${code}, signal ${signal})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', reject);
  });
  port.catch(() => undefined);
  return { child, port };
}
