// Interop check: the real of-watchdog (a `fwatchdog` on PATH) in front of the function host, five cases of
// issue 21, one PASS/FAIL line each; exit 1 when any fails, 2 when there is no fwatchdog.
//   node --import tsx scripts/watchdogInterop.ts
// Build fwatchdog as README "Function host under of-watchdog" says. It runs test/fixtures/functions/drain
// (sleeps body.ms, honours its AbortSignal unless body.ignoreDeadline) as the Dockerfiles run a step.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const HANDLER = 'test/fixtures/functions/drain/handler.ts';

interface Answer { status: number; headers: http.IncomingHttpHeaders; text: string }
interface Watchdog { child: ChildProcess; url: string; exited: Promise<number | null>; stop(): void }

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const until = async (what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

function request(url: string, method: string, body?: Buffer, agent?: http.Agent, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: agent ?? false, headers: body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s (wedged?)`)));
    req.on('error', reject);
    req.end(body);
  });
}
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const status = (url: string) => request(url, 'GET').then((a) => a.status, () => 0);

async function startWatchdog(env: Record<string, string>): Promise<Watchdog> {
  const [port, upstream] = [await freePort(), await freePort()];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'watchdog-interop-'));
  const child = spawn('fwatchdog', [], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', process.env.INTEROP_VERBOSE ? 'inherit' : 'ignore'],
    env: {
      ...process.env, TMPDIR: tmp, fprocess: `node --import tsx lib/host/main.ts ${HANDLER}`, mode: 'http',
      upstream_url: `http://127.0.0.1:${upstream}`, http_port: String(upstream), port: String(port),
      ready_path: '/_/ready', exec_timeout: '10s', write_timeout: '15s', read_timeout: '15s', MAX_JSON_SIZE: '1mb', LOG_LEVEL: 'warn', ...env,
    },
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => { rmSync(tmp, { recursive: true, force: true }); r(code); }));
  return { child, url: `http://127.0.0.1:${port}`, exited, stop: () => void (child.exitCode === null && child.kill('SIGKILL')) };
}

type Case = (wd: Watchdog) => Promise<string>;

const cases: [string, Record<string, string>, Case][] = [
  ['1 over-limit body then a valid call on one kept-alive connection', {}, async (wd) => {
    await until('/_/ready', async () => (await status(`${wd.url}/_/ready`)) === 200);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const big = await request(wd.url, 'POST', json({ pad: 'x'.repeat(2 * 1024 * 1024) }), agent);
      const ok = await request(wd.url, 'POST', json({ id: `v${i}`, ms: 0 }), agent, 10_000);
      seen.push(`${big.status}→${ok.status}`);
    }
    agent.destroy();
    if (seen.some((s) => s !== '413→200')) throw new Error(seen.join(' '));
    return seen.join(' ');
  }],
  ['2 no call fails once /_/ready (ready_path) says 200', {}, async (wd) => {
    const early: number[] = [];
    await until('/_/ready', async () => {
      const [ready, health] = [await status(`${wd.url}/_/ready`), await status(`${wd.url}/_/health`)];
      if (ready !== 200) early.push(health);
      return ready === 200;
    });
    const first = await request(wd.url, 'POST', json({ id: 'first', ms: 0 }));
    if (first.status !== 200) throw new Error(`first call after ready: ${first.status} ${first.text}`);
    return `ready after ${early.length} probes (/_/health said ${[...new Set(early)].join('/') || '-'} meanwhile); first call 200`;
  }],
  ['3 SIGTERM: the call in flight finishes, the watchdog exits', { healthcheck_interval: '2s' }, async (wd) => {
    await until('/_/ready', async () => (await status(`${wd.url}/_/ready`)) === 200);
    const inFlight = request(wd.url, 'POST', json({ id: 'term', ms: 1_500 }));
    await new Promise((r) => setTimeout(r, 300)); // the call has reached the handler (no IPC through the watchdog)
    wd.child.kill('SIGTERM');
    const a = await inFlight;
    const code = await wd.exited;
    if (a.status !== 200) throw new Error(`in-flight call: ${a.status} ${a.text}`);
    return `in-flight 200 ${a.text}; watchdog exited ${code}`;
  }],
  ['3b SIGTERM with a call that ignores its deadline: 504 JSON, host exits 1, watchdog exits', { exec_timeout: '7s', write_timeout: '10s' }, async (wd) => {
    await until('/_/ready', async () => (await status(`${wd.url}/_/ready`)) === 200);
    const inFlight = request(wd.url, 'POST', json({ id: 'stuck', ignoreDeadline: true }));
    await new Promise((r) => setTimeout(r, 300));
    wd.child.kill('SIGTERM');
    const a = await inFlight;
    const code = await wd.exited;
    if (a.status !== 504 || !a.text.includes('TimeoutError')) throw new Error(`in-flight call: ${a.status} "${a.text}"`);
    return `504 ${a.text}; watchdog exited ${code}`;
  }],
  ['4 the host deadline (exec_timeout − 5 s) answers before the watchdog: JSON 504', { exec_timeout: '7s', write_timeout: '10s' }, async (wd) => {
    await until('/_/ready', async () => (await status(`${wd.url}/_/ready`)) === 200);
    const a = await request(wd.url, 'POST', json({ id: 'late', ms: 60_000 }));
    if (a.status !== 504 || JSON.parse(a.text || '{}').type !== 'TimeoutError') throw new Error(`${a.status} "${a.text}"`);
    return `504 ${a.text} after ${a.headers['x-duration-seconds']} s`;
  }],
  ['5 replies carry no Keep-Alive / Connection: keep-alive from the host', {}, async (wd) => {
    await until('/_/ready', async () => (await status(`${wd.url}/_/ready`)) === 200);
    const agent = new http.Agent({ keepAlive: true }); // no Connection: close of ours in the reply
    const a = await request(wd.url, 'POST', json({ id: 'h', ms: 0 }), agent);
    agent.destroy();
    const bad = Object.entries(a.headers).filter(([k, v]) => k === 'keep-alive' || (k === 'connection' && String(v).toLowerCase() === 'keep-alive'));
    if (bad.length > 0) throw new Error(JSON.stringify(bad));
    return `headers: ${Object.entries(a.headers).map(([k, v]) => `${k}: ${String(v)}`).join(', ')}`;
  }],
];

async function main(): Promise<number> {
  if (spawnSync('fwatchdog', ['--version']).error) {
    console.log('SKIP: no fwatchdog on PATH (README "Function host under of-watchdog" says how to build one)');
    return 2;
  }
  let failed = 0;
  const only = process.env.INTEROP_ONLY;
  for (const [name, env, run] of cases.filter(([n]) => !only || n.startsWith(only))) {
    const wd = await startWatchdog(env);
    try {
      console.log(`PASS ${name}: ${await run(wd)}`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${name}: ${(err as Error).message}`);
    } finally {
      wd.stop();
      await wd.exited;
    }
  }
  return failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
