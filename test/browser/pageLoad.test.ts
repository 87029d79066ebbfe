// The dashboard page loads in chromium without a failed request (the console shows none).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../single-machine/config.js';
import { startStack } from '../../single-machine/startStack.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import { ensureDashboardBuilt, launchChromium } from './helpers.js';
import { loggedInContext } from './loginHelpers.js';

let dir: string;
let stack: RunningStack;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ui-load-'));
  const [, started, launched] = await Promise.all([
    ensureDashboardBuilt(),
    startStack(loadStackConfig({ CRYOEM_DATA_DIR: dir, STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0' }, ['--no-demo'])),
    launchChromium(),
  ]);
  stack = started;
  browser = launched;
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('dashboard page load', () => {
  it('requests nothing that fails and logs no console error', async () => {
    const context = await loggedInContext(browser, stack.gateway.url, stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`); });
    page.on('requestfailed', (r) => { if (!r.url().includes('/ui/api/events')) failed.push(`${r.failure()?.errorText ?? 'failed'} ${new URL(r.url()).pathname}`); });
    page.on('console', (m) => { if (m.type() === 'error') failed.push(`console: ${m.text()}`); });
    await page.goto(`${stack.gateway.url}/ui/`, { waitUntil: 'networkidle' });
    await page.waitForSelector('[data-testid="sessions"], h1');
    await context.close();
    expect(failed).toEqual([]);
  });
});
