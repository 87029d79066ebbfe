// The stack every browser test runs against: `npm start`'s own startStack on free ports with its own data folder,
// a built dashboard and Debian's chromium, started together; and the matching teardown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadStackConfig } from '../../single-machine/config.js';
import { startStack } from '../../single-machine/startStack.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import { ensureDashboardBuilt, launchChromium } from './helpers.js';

export interface BrowserStack { dir: string; stack: RunningStack; browser: Browser }

/** Starts the stack under a fresh temp folder named `prefix…` (data in `dataSubdir` when given) and chromium. */
export async function startBrowserStack(prefix: string, dataSubdir?: string): Promise<BrowserStack> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const dataDir = dataSubdir ? join(dir, dataSubdir) : dir;
  const [, stack, browser] = await Promise.all([
    ensureDashboardBuilt(),
    startStack(loadStackConfig({ CRYOEM_DATA_DIR: dataDir, STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0', WEBHOOK_RETRY_MS: '200' }, ['--no-demo'])),
    launchChromium(),
  ]);
  await stack.connector.started;
  return { dir, stack, browser };
}

/** Closes what startBrowserStack opened, whichever parts exist (a failed start leaves some undefined). */
export async function stopBrowserStack(parts: Partial<BrowserStack>): Promise<void> {
  await parts.browser?.close();
  await parts.stack?.stop();
  if (parts.dir) await rm(parts.dir, { recursive: true, force: true });
}

/** The admin account's Basic header, for API calls a test makes beside the browser. */
export const adminBasic = (stack: RunningStack): string =>
  `Basic ${Buffer.from(`${stack.credentials.gatewayUser}:${stack.credentials.gatewayPassword}`).toString('base64')}`;
