// Writes docs/operations-page.png: the operations page after a few simulated movies went through the real stack and
// two uploads that are not movies ended as dead letters; the trace panel shows one of them.
// Run: node --import tsx scripts/screenshotOps.ts [out.png]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultKey, sessionParamsKey } from '../lib/events/pipeline.js';
import { writeTiffMovie } from '../lib/formats/tiff/index.js';
import { simulateMovie } from '../lib/synth/index.js';
import { ensureDashboardBuilt, launchChromium } from '../test/browser/helpers.js';
import { loggedInContext } from '../test/browser/loginHelpers.js';
import { loadStackConfig } from '../single-machine/config.js';
import { startStack } from '../single-machine/startStack.js';

const MOVIES = 4;
const OUT = process.argv[2] ?? fileURLToPath(new URL('../docs/operations-page.png', import.meta.url));

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ops-shot-'));
  await ensureDashboardBuilt();
  const stack = await startStack(loadStackConfig({ CRYOEM_DATA_DIR: join(dir, 'data'), STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0' }, ['--no-demo']));
  try {
    const session = { experiment: 'demo', session: 'session-001' };
    await stack.store.put(sessionParamsKey(session), JSON.stringify({ pixelSizeA: 1, dosePerFrame: 1.2, voltageKv: 300, csMm: 2.7, particleDiameterA: 60 }));
    for (let i = 0; i < MOVIES; i++) {
      const defocus = 12_000 + 1500 * i;
      const sim = await simulateMovie({ width: 384, frames: 12, pixelSizeA: 1, dosePerFrame: 1.2, totalDriftPx: 4 + 2 * (i % 4), ctf: { defocusUA: defocus + 300, defocusVA: defocus - 300 }, seed: 100 + i });
      const path = join(dir, `FoilHole_${i}.tif`);
      await writeTiffMovie(path, [...sim.frames()], { compression: 'lzw', bitsPerSample: 8, pixelSizeA: 1 });
      await stack.store.uploadFile(path, `raw/demo/session-001/FoilHole_${i}.tif`);
    }
    for (const name of ['Atlas_1.tif', 'FoilHole_truncated.tif']) await stack.store.put(`raw/demo/session-001/${name}`, 'not a movie');
    await until('demo movies processed', async () => (await Promise.all(Array.from({ length: MOVIES }, (_, i) => stack.store.head(resultKey('finalize', { ...session, movie: `FoilHole_${i}` }))))).every(Boolean), 240_000);
    const browser = await launchChromium();
    const context = await loggedInContext(browser, stack.gateway.url, stack.credentials.gatewayUser, stack.credentials.gatewayPassword, { viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${stack.gateway.url}/ui/#/ops`);
    await page.waitForFunction(() => document.querySelectorAll('tr[data-letter]').length === 2, undefined, { timeout: 30_000 });
    await page.locator('tr[data-letter] a').first().click();
    await page.waitForSelector('.timeline tr[data-event="dead-letter"]');
    await page.screenshot({ path: OUT, fullPage: true });
    await browser.close();
    process.stdout.write(`wrote ${OUT}\n`);
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { process.stderr.write(`screenshot: ${String(err)}\n`); process.exitCode = 1; });
