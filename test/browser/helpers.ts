// Browser-test helpers: Debian's chromium through playwright-core (never a downloaded browser) and a built dashboard.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CONFIG = fileURLToPath(new URL('../../dashboard/vite.config.ts', import.meta.url));
const DIST_INDEX = fileURLToPath(new URL('../../dashboard/dist/index.html', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Builds dashboard/dist when `npm run build:ui` has not (e.g. vitest run alone). */
export async function ensureDashboardBuilt(): Promise<void> {
  if (!existsSync(DIST_INDEX)) await build({ configFile: CONFIG, logLevel: 'warn' });
}
