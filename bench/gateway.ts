// Gateway overhead: a sync call through /function/echo vs the same call straight to the function host (p50/p99, ratio).
// Run: node --import tsx bench/gateway.ts [calls=2000]
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGateway } from '../gateway/server.js';
import { createLogger } from '../lib/log.js';
import { writeFixtureStack } from '../test/fixtures/functions/fixtureStack.js';

const CALLS = Number(process.argv[2] ?? 2000);
const BODY = JSON.stringify({ bucket: 'cryoem', key: 'raw/e1/s1/movie_0001.tif', force: false });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(BODY) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(BODY);
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-gateway-'));
  const stackPath = writeFixtureStack(dir, ['echo'], { echo: { labels: { 'com.openfaas.scale.min': 1 } } });
  const gw = await startGateway({ stackPath, stateDir: path.join(dir, 'state'), port: 0, functionEnv: { LOG_LEVEL: 'warn' } }, createLogger('gateway', {}, () => {}));
  const direct = `${gw.functions.get('echo')!.replicas[0].url}/`;
  const viaGateway = `${gw.url}/function/echo`;
  try {
    // Warm-up: JIT, sockets.
    for (let i = 0; i < 300; i++) {
      await call(direct);
      await call(viaGateway);
    }
    const times = { direct: [] as number[], gateway: [] as number[] };
    // Alternate in blocks so both see the same machine load (2 shared cores here).
    for (let block = 0; block < CALLS / 100; block++) {
      for (let i = 0; i < 100; i++) times.direct.push(await call(direct));
      for (let i = 0; i < 100; i++) times.gateway.push(await call(viaGateway));
    }
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { p50: quantile(s, 0.5), p99: quantile(s, 0.99) };
    };
    const d = stats(times.direct);
    const g = stats(times.gateway);
    const ms = (x: number) => `${x.toFixed(3)} ms`;
    console.log(`sync call, ${CALLS} calls each, keep-alive, 1 replica, ${Buffer.byteLength(BODY)} B JSON body`);
    console.log(`direct to host : p50 ${ms(d.p50)}  p99 ${ms(d.p99)}`);
    console.log(`through gateway: p50 ${ms(g.p50)}  p99 ${ms(g.p99)}`);
    console.log(`ratio gateway/direct: p50 ${(g.p50 / d.p50).toFixed(2)}x  p99 ${(g.p99 / d.p99).toFixed(2)}x  (added p50 ${ms(g.p50 - d.p50)})`);
  } finally {
    agent.destroy();
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
