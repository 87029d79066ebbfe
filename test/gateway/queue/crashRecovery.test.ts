import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startCallbackReceiver } from '../../fixtures/functions/callbackReceiver.js';
import { writeFixtureStack } from '../../fixtures/functions/fixtureStack.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-crash-'));
const recordFile = path.join(dir, 'record.jsonl');
// The gateway refuses to start without credentials: give it its own.
const authDir = path.join(dir, 'auth');
mkdirSync(authDir);
writeFileSync(path.join(authDir, 'basic-auth-user'), 'admin');
writeFileSync(path.join(authDir, 'basic-auth-password'), 'crash-test-secret');
const authorization = `Basic ${Buffer.from('admin:crash-test-secret').toString('base64')}`;
const started: ChildProcess[] = [];

interface Gateway {
  proc: ChildProcess;
  url: string;
  replicaPids: () => number[];
}

/** Resolves once `probe` returns true, checking every 25 ms. */
async function until(probe: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startGatewayProcess(stackPath: string): Promise<Gateway> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      GATEWAY_PORT: '0',
      GATEWAY_AUTH_DIR: authDir,
      GATEWAY_STACK_FILE: stackPath,
      GATEWAY_STATE_DIR: path.join(dir, 'state'),
      GATEWAY_RETRY_MIN_WAIT: '50ms',
      GATEWAY_FUNCTION_ENV: JSON.stringify({ RECORD_FILE: recordFile }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(proc);
  const pids: number[] = [];
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
    for (const m of err.matchAll(/"msg":"replica ready"[^\n]*"pid":(\d+)/g)) if (!pids.includes(Number(m[1]))) pids.push(Number(m[1]));
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    proc.once('exit', (code) => reject(new Error(`gateway exited with ${code}: ${err}`)));
  });
  return { proc, url, replicaPids: () => [...pids] };
}

function records(): { event: string; id: string }[] {
  const text = existsSync(recordFile) ? readFileSync(recordFile, 'utf8').trim() : '';
  return text ? text.split('\n').map((l) => JSON.parse(l) as { event: string; id: string }) : [];
}

afterAll(() => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('durable async queue', () => {
  it('loses no call when the gateway is SIGKILLed with calls queued and in flight, and leaves no orphan', async () => {
    writeFileSync(recordFile, '');
    const stackPath = writeFixtureStack(dir, ['slow']);
    const cb = await startCallbackReceiver();
    const first = await startGatewayProcess(stackPath);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${first.url}/async-function/slow`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Callback-Url': cb.url, authorization },
        body: JSON.stringify({ id: `movie-${i}`, ms: 400 }),
      });
      expect(res.status).toBe(202);
      ids.push(res.headers.get('x-call-id')!);
    }
    await until(() => records().filter((r) => r.event === 'start').length >= 2, 'two calls in flight');
    const hosts = first.replicaPids();
    expect(hosts.length).toBe(2);

    first.proc.kill('SIGKILL');
    await until(() => first.proc.exitCode !== null || first.proc.signalCode !== null, 'gateway exit');
    await until(() => hosts.every((pid) => !alive(pid)), 'function hosts to exit after their parent died');
    const doneBeforeRestart = new Set(records().filter((r) => r.event === 'end').map((r) => r.id));
    expect(doneBeforeRestart.size).toBeLessThan(10);

    const second = await startGatewayProcess(stackPath);
    await Promise.all(ids.map((id) => cb.waitFor((c) => c.headers['x-call-id'] === id && c.headers['x-function-status'] === '200', 30_000)));
    const ended = new Set(records().filter((r) => r.event === 'end').map((r) => r.id));
    expect([...ended].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `movie-${i}`).sort());
    await until(() => readdirSync(path.join(dir, 'state', 'queue')).length === 0, 'an empty queue folder');

    const hosts2 = second.replicaPids();
    second.proc.kill('SIGTERM');
    await until(() => second.proc.exitCode !== null, 'gateway exit');
    expect(second.proc.exitCode).toBe(0);
    expect(hosts2.filter(alive)).toEqual([]);
    await cb.close();
  });
});
