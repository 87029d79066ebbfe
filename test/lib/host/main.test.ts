import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcess[] = [];

/** Starts lib/host/main.ts on a handler file as a child with an IPC channel; resolves with its base URL. */
async function startHost(handler: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/host/main.ts', handler], {
    cwd: ROOT,
    env: { ...process.env, http_port: '0', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

afterAll(() => {
  agent.destroy();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Milliseconds for one GET /_/health over a kept-alive connection (what of-watchdog's probe does). */
function timedHealth(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    http
      .get(`${url}/_/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`health answered ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

describe('lib/host/main.ts', () => {
  // The handler hands its CPU-bound work to the worker pool, so the host's event loop stays free.
  it('keeps answering /_/health promptly all through a 5 s CPU-bound job', async () => {
    const { url } = await startHost('test/fixtures/functions/cpu/handler.ts', { WORKER_THREADS: '1', exec_timeout: '30s' });
    await timedHealth(url); // warm the connection path
    const job = fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ms: 5_000 }) });
    let done = false;
    const result = job.then(async (r) => {
      done = true;
      return (await r.json()) as { iterations: number; elapsedMs: number };
    });
    const latencies: number[] = [];
    while (!done) {
      latencies.push(await timedHealth(url));
      await new Promise((r) => setTimeout(r, 50));
    }
    const out = await result;
    expect(out.elapsedMs).toBeGreaterThanOrEqual(5_000);
    expect(out.iterations).toBeGreaterThan(0);
    // A blocked event loop would answer one probe, after the whole job (5 s). On an idle machine every
    // probe takes < 25 ms; the bounds leave room for a CI machine whose 2 cores run other test files.
    expect(latencies.length).toBeGreaterThan(20);
    const sorted = [...latencies].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(100);
    expect(sorted[sorted.length - 1]).toBeLessThan(1_500);
  });

  it('exits when its parent goes away (IPC channel closed)', async () => {
    const { child } = await startHost('test/fixtures/functions/echo/handler.ts');
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.disconnect();
    expect(await exited).toBe(0);
  });

  it('fails to start, naming the file, when the module has no default function', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/host/main.ts', 'lib/image.ts'], { cwd: ROOT, env: { ...process.env, http_port: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(err).toContain(`handler module \\"${ROOT}lib/image.ts\\": default export is not a function`);
  });
});
