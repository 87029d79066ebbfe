// Dashboard first render with 20,000 movies vs 100 (synthetic API from a stub server), same chromium; plus scroll frame time;
// plus the sessions page's answer from the event-kept summaries vs a full bucket listing.
// Run: node --import tsx bench/ui.ts [--sessions 200] [--movies 200] [--sessions-only]   (builds dashboard/dist when missing)
// The case is --movies 2000 (6.8 million objects; the full listing then takes most of a minute per run).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { DEFAULT_DIST_DIR } from '../dashboard/server/dashboard.js';
import type { MovieRow, SessionDetail } from '../dashboard/server/types.js';
import { defaultSessionParams } from '../lib/events/sessionParams.js';
import { ensureDashboardBuilt, launchChromium } from '../test/browser/helpers.js';
import { median } from './support/median.js';
import { benchSessionsListing } from './support/sessionsListing.js';

const REPEATS = 3;

function rows(n: number): MovieRow[] {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const failed = i % 97 === 0;
    const movie = `FoilHole_${1000 + i}_Data_${i}`;
    return {
      movie, key: `raw/bench/s/${movie}.tif`, acquired: new Date(t0 + i * 4000).toISOString(), size: 400e6,
      steps: { motioncor: 'done', ctffind: 'done', pick: failed ? 'failed' : 'done', finalize: failed ? 'waiting' : 'done' },
      errors: failed ? { pick: 'pick: no particles above threshold' } : {},
      totalDriftA: 5 + 10 * Math.abs(Math.sin(i)), defocusA: 15_000 + 5000 * Math.sin(i / 50), fitResolutionA: 3 + Math.abs(Math.cos(i)), particles: 200 + (i % 150),
      shifts: null, images: {},
    };
  });
}

async function stub(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  const cache = new Map<number, string>();
  app.get('/ui/api/sessions/bench/:n', (req, res) => {
    const n = Number(req.params.n);
    if (!cache.has(n)) cache.set(n, JSON.stringify({ experiment: 'bench', session: String(n), movies: rows(n) } satisfies SessionDetail));
    res.type('application/json').send(cache.get(n));
  });
  app.get('/ui/api/sessions/bench/:n/params', (_req, res) => { res.json(defaultSessionParams()); });
  app.get('/ui/api/events', (_req, res) => { res.writeHead(200, { 'content-type': 'text/event-stream' }); res.write(': open\n\n'); });
  app.use('/ui', express.static(DEFAULT_DIST_DIR));
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}


const flag = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const n = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${process.argv[at + 1]}"`);
  return n;
};

async function main(): Promise<void> {
  const [sessions, movies] = [flag('sessions', 200), flag('movies', 200)];
  await benchSessionsListing(sessions, movies, movies > 500 ? 1 : 3, (s) => process.stdout.write(s));
  if (process.argv.includes('--sessions-only')) return;
  await ensureDashboardBuilt();
  const server = await stub();
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  const firstRender = async (n: number): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}/ui/#/s/bench/${n}`);
      await page.waitForFunction((want) => document.body.dataset.rendered === want && document.querySelector('.row[data-movie]') !== null, String(n));
      times.push(await page.evaluate(() => performance.getEntriesByName('session-rendered')[0].startTime));
    }
    return median(times);
  };
  const small = await firstRender(100);
  const large = await firstRender(20_000);
  // Scroll the 20,000-row table top to bottom in 100 steps, one frame each: mean and worst frame time.
  const frames = await page.evaluate(async () => {
    const el = document.querySelector('.scroller') as HTMLElement;
    const out: number[] = [];
    let last = performance.now();
    for (let i = 1; i <= 100; i++) {
      el.scrollTop = (el.scrollHeight * i) / 100;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const now = performance.now();
      out.push(now - last);
      last = now;
    }
    return { mean: out.reduce((a, b) => a + b, 0) / out.length, max: Math.max(...out), domRows: document.querySelectorAll('.row[data-movie]').length };
  });
  await browser.close();
  await server.close();
  process.stdout.write(`first render (navigation → table painted with data), median of ${REPEATS}, chromium headless:\n`);
  process.stdout.write(`  100 movies     ${small.toFixed(0)} ms\n  20,000 movies  ${large.toFixed(0)} ms   (target < 1000 ms)\n  ratio 20,000/100: ${(large / small).toFixed(2)}\n`);
  process.stdout.write(`scroll 20,000 rows in 100 steps: mean frame ${frames.mean.toFixed(1)} ms, worst ${frames.max.toFixed(1)} ms, rows in DOM ${frames.domRows}\n`);
}

main().catch((err: unknown) => { process.stderr.write(`bench/ui: ${String(err)}\n`); process.exitCode = 1; });
