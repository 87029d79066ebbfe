// SIGTERM on a real host process (as of-watchdog forwards it): drain, clean temporary folders, exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Host {
  child: ChildProcess;
  url: string;
  tmp: string;
  /** Resolves with the first IPC message of `type` (optionally with `id`) from now on. */
  next(type: string, id?: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

async function startHost(env: Record<string, string>): Promise<Host> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sigterm-test-'));
  dirs.push(tmp);
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/host/main.ts', 'test/fixtures/functions/drain/handler.ts'], {
    cwd: ROOT,
    env: { ...process.env, http_port: '0', LOG_LEVEL: 'error', TMPDIR: tmp, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const next = (type: string, id?: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const on = (m: unknown) => {
        const msg = m as Record<string, unknown>;
        if (msg.type === type && (id === undefined || msg.id === id)) {
          child.off('message', on);
          resolve(msg);
        }
      };
      child.on('message', on);
    });
  const { port } = (await next('listening')) as { port: number };
  return { child, url: `http://127.0.0.1:${port}`, tmp, next, exited };
}

/** The host's private temporary folders under `tmp` (tsx keeps its own compile cache there too). */
const hostFolders = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith('cryoem-host-'));

interface Answer {
  status: number;
  connection: string | undefined;
  body: unknown;
}

/** POSTs JSON on a connection of its own. */
function post(url: string, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('function host on SIGTERM', () => {
  it('answers new calls 503 with Connection: close, finishes the call in flight, removes its temporary folders and exits 0', async () => {
    const host = await startHost({ exec_timeout: '1m' });
    const started = host.next('started', 'a');
    const inFlight = post(host.url, { id: 'a' });
    const { dir } = await started;
    expect(path.dirname(path.dirname(dir as string))).toBe(host.tmp); // <TMPDIR>/cryoem-host-<pid>-*/drain-a-*
    expect(hostFolders(host.tmp)).toHaveLength(1);
    const draining = host.next('draining');
    host.child.kill('SIGTERM');
    await draining;
    const refused = await post(host.url, { id: 'b' });
    expect(refused).toEqual({ status: 503, connection: 'close', body: { error: 'function host is stopping (SIGTERM); call again, another replica will answer', type: 'ServiceUnavailable' } });
    host.child.send({ type: 'release', id: 'a' });
    expect(await inFlight).toEqual({ status: 200, connection: 'close', body: { id: 'a', aborted: false } });
    expect(await host.exited).toBe(0);
    expect(hostFolders(host.tmp)).toEqual([]);
  });

  it('abandons a call still running at its deadline: 504 JSON, temporary folders removed, exit 1', async () => {
    const host = await startHost({ handler_timeout: '1s' });
    const started = host.next('started', 'slow');
    const inFlight = post(host.url, { id: 'slow', ignoreDeadline: true });
    const { dir } = await started;
    expect(path.dirname(path.dirname(dir as string))).toBe(host.tmp); // <TMPDIR>/cryoem-host-<pid>-*/drain-slow-*
    host.child.kill('SIGTERM');
    expect(await inFlight).toEqual({
      status: 504, connection: 'close',
      body: { error: "handler did not answer within the host's deadline of 1 s; it was told to stop", type: 'TimeoutError' },
    });
    expect(await host.exited).toBe(1);
    expect(hostFolders(host.tmp)).toEqual([]);
  });
});
