// Operations page in chromium, as the administrator: a dead letter is listed with its cause, "retry" makes it go (for
// good: the movie is fixed first, so the retried call succeeds), the trace panel shows the movie's timeline, and the
// page renders to a PNG (in a temporary folder; scripts/screenshotOps.ts writes the README's copy).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../single-machine/startStack.js';
import { mrcMovie } from '../e2e/helpers/movies.js';
import { adminBasic, startBrowserStack, stopBrowserStack } from './browserStack.js';
import { loggedInContext } from './loginHelpers.js';

const KEY = 'raw/ops/s1/m1.mrc';
let dir: string;
let stack: RunningStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ dir, stack, browser } = await startBrowserStack('ui-ops-', 'data'));
  // Not a movie: motioncor refuses it with 400, which is never retried, so the call becomes a dead letter.
  await stack.store.put(KEY, 'not a movie');
  const context = await loggedInContext(browser, stack.gateway.url, stack.credentials.gatewayUser, stack.credentials.gatewayPassword, { viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await stopBrowserStack({ browser, stack, dir });
});

describe('operations page in chromium', () => {
  it('lists the dead letter with its cause, retries it and sees it go', async () => {
    await page.goto(`${stack.gateway.url}/ui/#/ops`);
    const letters = page.locator('tr[data-letter]');
    await expect.poll(() => letters.count(), { timeout: 30_000 }).toBe(1);
    const callId = (await letters.first().getAttribute('data-letter'))!;
    const row = page.locator(`tr[data-letter="${callId}"]`);
    expect(await row.locator('td.cause code').textContent()).toBe('motioncor:400');
    expect(await row.textContent()).toContain(KEY);
    expect(await page.locator('li[data-cause="motioncor:400"]').textContent()).toContain('1 letter(s)');
    expect(await page.locator('tr[data-function="motioncor"] td').nth(3).textContent()).toBe('healthy');

    // Fix the movie, then retry: the retried call succeeds (or finds the fresh upload's outputs committed), so the letter stays gone.
    await stack.store.put(KEY, mrcMovie(128, 4, 21));
    await row.locator('button[data-act="retry"]').click();
    await expect.poll(() => page.locator('[data-message]').textContent(), { timeout: 10_000 }).toBe('retried 1 letter(s)');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => stack.store.head('processed/ops/s1/motioncor/m1.json'), { timeout: 60_000 }).not.toBeNull();
    const letterIds = async () => ((await (await fetch(`${stack.gateway.url}/ui/api/ops/overview`, { headers: { authorization: adminBasic(stack) } })).json()) as { deadLetters: { letters: { callId: string }[] } }).deadLetters.letters.map((l) => l.callId);
    expect(await letterIds()).not.toContain(callId);
  });

  it('shows the movie\'s trace: the dead letter, the retry and the success', async () => {
    await page.locator('input[name="trace-key"]').fill(KEY);
    const rows = page.locator('.timeline tr[data-event]');
    // The retried call's own entries, in order (the fresh upload's call interleaves under another id); it may still be
    // queued behind that call, so the panel is asked again until it has finished.
    const retriedCall = async () => {
      await page.locator('.ops-trace button[type="submit"]').click();
      const byCall = await rows.evaluateAll((trs) => trs.map((tr) => [tr.querySelector('code')?.getAttribute('title') ?? '', tr.getAttribute('data-event') ?? '']));
      return byCall.filter(([id]) => id === byCall[0]?.[0]).map(([, ev]) => ev);
    };
    await expect.poll(retriedCall, { timeout: 60_000 }).toEqual(['event', 'queued', 'attempt', 'dead-letter', 'requeued', 'attempt', 'done']);
    expect(await page.locator('.ops-trace .hint').textContent()).toMatch(/^movie ops\/s1\/m1: \d+ event\(s\)$/);
  });

  it('renders to a PNG', async () => {
    const file = join(dir, 'ops.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = await readFile(file);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
