// Curation in chromium: drag the CTF-resolution threshold line on the scatter → the threshold is stored → the table shows the rejected movies.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../single-machine/startStack.js';
import { adminBasic, startBrowserStack, stopBrowserStack } from './browserStack.js';
import { loggedInContext } from './loginHelpers.js';

let dir: string;
let stack: RunningStack;
let browser: Browser;
let page: Page;
let auth: string;

/** CTF fit resolution (Å) and total drift (Å) per movie; a line dragged to 6.5 Å must reject exactly m4 and m5. */
const MOVIES: [string, number, number][] = [['m1', 3, 2], ['m2', 4, 3], ['m3', 5, 2], ['m4', 8, 3], ['m5', 9, 2]];
const TARGET_A = 6.5;

beforeAll(async () => {
  ({ dir, stack, browser } = await startBrowserStack('ui-curation-'));
  auth = adminBasic(stack);
  // Result JSONs as the steps write them (only the fields curation reads). The raw objects are not movies, so
  // the pipeline they trigger fails at motioncor and never replaces these results.
  for (const [m, resA, driftA] of MOVIES) {
    await stack.store.put(`processed/cu/s1/motioncor/${m}.json`, JSON.stringify({ results: { motionA: { total: driftA, early: driftA / 2 } } }));
    await stack.store.put(`processed/cu/s1/ctf/${m}.json`, JSON.stringify({ results: { defocusU: 20_000, defocusV: 19_000, cc: 0.3, fitResolutionA: resA } }));
    await stack.store.put(`raw/cu/s1/${m}.tif`, 'not a movie');
  }
  const context = await loggedInContext(browser, stack.gateway.url, stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
  page = await context.newPage();
});

afterAll(async () => {
  await stopBrowserStack({ browser, stack, dir });
});

describe('curation scatter in chromium', () => {
  it('drags the resolution line to 6.5 Å, stores that threshold, and filters the table to the rejected movies', async () => {
    await page.goto(`${stack.gateway.url}/ui/#/s/cu/s1`);
    const scatter = page.locator('[data-scatter]');
    await expect.poll(() => scatter.getAttribute('data-points'), { timeout: 15_000 }).toBe(String(MOVIES.length));
    const [lo, hi] = ((await scatter.getAttribute('data-x-range')) ?? '').split(',').map(Number);
    // The mouse acts in the viewport: bring the plot into it first.
    await scatter.scrollIntoViewIfNeeded();
    const over = await scatter.locator('.u-over').boundingBox();
    if (!over) throw new Error('scatter has no plotting area');
    // No threshold yet: the line sits at the right end of the axis. Grab it there and drop it at 6.5 Å.
    const at = (v: number) => over.x + ((v - lo) / (hi - lo)) * over.width;
    const midY = over.y + over.height / 2;
    await page.mouse.move(at(hi) - 2, midY);
    await page.mouse.down();
    await page.mouse.move(at(7.5), midY, { steps: 4 });
    await page.mouse.move(at(TARGET_A), midY, { steps: 4 });
    await page.mouse.up();

    const curation = async () => (await (await fetch(`${stack.gateway.url}/ui/api/sessions/cu/s1/curation`, { headers: { authorization: auth } })).json()) as {
      settings: { thresholds: { maxCtfResolutionA?: number } }; movies: { movie: string; decision: string }[];
    };
    await expect.poll(async () => (await curation()).settings.thresholds.maxCtfResolutionA, { timeout: 10_000 }).toBeDefined();
    const stored = await curation();
    // Pixel rounding moves the drop point by a fraction of a pixel; it must stay between m3 (5 Å) and m4 (8 Å).
    expect(stored.settings.thresholds.maxCtfResolutionA).toBeGreaterThan(TARGET_A - 0.3);
    expect(stored.settings.thresholds.maxCtfResolutionA).toBeLessThan(TARGET_A + 0.3);
    expect(stored.movies.filter((m) => m.decision === 'rejected').map((m) => m.movie)).toEqual(['m4', 'm5']);

    await page.locator('select[name="curation-filter"]').selectOption('rejected');
    const rows = page.locator('.scroller .row[data-movie]');
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-movie'))), { timeout: 5_000 }).toEqual(['m4', 'm5']);
    await page.locator('select[name="curation-filter"]').selectOption('accepted');
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-movie'))), { timeout: 5_000 }).toEqual(['m1', 'm2', 'm3']);
  });
});
