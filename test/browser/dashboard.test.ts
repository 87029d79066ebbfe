// The dashboard in a real browser on the real stack: drop a movie, watch it upload and process; refusals; wrong password.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../single-machine/startStack.js';
import { sessionParamsKey } from '../../lib/events/pipeline.js';
import { mrcMovie } from '../e2e/helpers/movies.js';
import { startBrowserStack, stopBrowserStack } from './browserStack.js';
import { loggedInContext } from './loginHelpers.js';

let dir: string;
let stack: RunningStack;
let browser: Browser;
let page: Page;

/** Drops files on the page's drop zone with a real DataTransfer built in the page from bytes. */
async function dropFiles(files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    // A fixed date, as a file on disk has: the page keys resumable uploads by name, size and date.
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { lastModified: 1_767_225_600_000 }));
    const zone = document.querySelector('[data-testid="dropzone"]');
    if (!zone) throw new Error('no drop zone on the page');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, payload);
}

beforeAll(async () => {
  ({ dir, stack, browser } = await startBrowserStack('ui-browser-'));
  const context = await loggedInContext(browser, stack.gateway.url, stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
  page = await context.newPage();
});

afterAll(async () => {
  await stopBrowserStack({ browser, stack, dir });
});

describe('dashboard in chromium', () => {
  it('uploads a dropped movie to 100% and shows it done with its thumbnail and a non-empty chart', async () => {
    // A particle size that fits a 128² test micrograph (the default 150 Å would be refused by pick).
    await stack.store.put(sessionParamsKey({ experiment: 'br', session: 's1' }), JSON.stringify({ particleDiameterA: 24 }));
    await page.goto(`${stack.gateway.url}/ui/#/s/br/s1`);
    await page.waitForSelector('[data-testid="dropzone"]');
    await dropFiles([{ name: 'br_0001.mrc', bytes: mrcMovie(128, 4, 11) }]);
    const item = page.locator('li[data-file="br_0001.mrc"]');
    await item.and(page.locator('[data-state="done"]')).waitFor({ timeout: 15_000 });
    expect(await item.locator('.pct').textContent()).toBe('100%');
    expect(await item.locator('progress').getAttribute('value')).toBe('100');

    const finalize = page.locator('.row[data-movie="br_0001"] [data-step="finalize"]');
    await expect.poll(() => finalize.textContent(), { timeout: 40_000, interval: 200 }).toBe('done');
    await page.locator('.row[data-movie="br_0001"]').click();
    const thumb = page.locator('.detail img[data-image="thumbnail"]');
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    const chart = page.locator('[data-chart="total drift"]');
    await expect.poll(() => chart.getAttribute('data-points'), { timeout: 5_000 }).toBe('1');
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-hist="particles"]').getAttribute('data-points')).toBe('1');
  });

  it('shows a failed step with the text of its error record', async () => {
    // The default 150 Å particle does not fit a 128² micrograph at 1 Å/px: pick refuses it.
    await page.goto(`${stack.gateway.url}/ui/#/s/br/s2`);
    await page.waitForSelector('[data-testid="dropzone"]');
    await dropFiles([{ name: 'big_0001.mrc', bytes: mrcMovie(128, 4, 12) }]);
    const pick = page.locator('.row[data-movie="big_0001"] [data-step="pick"]');
    await expect.poll(() => pick.textContent(), { timeout: 30_000, interval: 200 }).toBe('failed');
    const record = JSON.parse(new TextDecoder().decode(await stack.store.getBytes('processed/br/s2/errors/big_0001.pick.json'))) as { cause: string };
    expect(record.cause.length).toBeGreaterThan(0);
    expect(await page.locator('.row[data-movie="big_0001"] .c-error').textContent()).toBe(record.cause);
    expect(await pick.getAttribute('title')).toBe(record.cause);
    await page.goto(`${stack.gateway.url}/ui/#/s/br/s1`);
    await page.waitForSelector('[data-testid="dropzone"]');
  });

  it('refuses files that are not movies, with the reason, and uploads nothing', async () => {
    await dropFiles([
      { name: 'notes.txt', bytes: new TextEncoder().encode('not a movie') },
      { name: 'fake.mrc', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(400).fill(0)]) },
    ]);
    const txt = page.locator('li[data-file="notes.txt"][data-state="refused"] .message');
    const fake = page.locator('li[data-file="fake.mrc"][data-state="refused"] .message');
    await expect.poll(() => txt.textContent(), { timeout: 5_000 }).toContain('file "notes.txt": refused, the name must end in .tif, .tiff, .mrc, .eer (got ".txt")');
    await expect.poll(() => fake.textContent(), { timeout: 5_000 }).toContain('file "fake.mrc": refused, not a TIFF, MRC or EER movie by its magic bytes (starts 89 50 4e 47');
    expect(await stack.store.head('raw/br/s1/fake.mrc')).toBeNull();
  });

  it('lists the session on the sessions page', async () => {
    await page.goto(`${stack.gateway.url}/ui/#/`);
    const link = page.locator('a[href="#/s/br/s1"]');
    await link.waitFor();
    expect(await link.locator('xpath=ancestor::tr').locator('td').allTextContents()).toEqual(expect.arrayContaining(['br', 's1', '1']));
  });

  it('resumes an upload after a network failure and a page reload, with the same multipart upload', async () => {
    const creates: string[] = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/ui/api/uploads')) creates.push(r.url()); });
    const storeParts = `${stack.storeConfig.endpoint}/**`;
    await page.route(storeParts, (route) => (route.request().method() === 'PUT' ? route.abort('connectionreset') : route.continue()));
    await page.goto(`${stack.gateway.url}/ui/#/s/br/s3`);
    await page.waitForSelector('[data-testid="dropzone"]');
    const movie = { name: 'resume_0001.mrc', bytes: mrcMovie(128, 4, 13) };
    await dropFiles([movie]);
    const item = page.locator('li[data-file="resume_0001.mrc"]');
    await item.and(page.locator('[data-state="failed"]')).waitFor({ timeout: 15_000 });
    expect(await item.locator('.message').textContent()).toContain('drop the file again to resume');
    await page.unroute(storeParts);
    await page.reload();
    await expect.poll(() => page.locator('.hint').textContent(), { timeout: 5_000 }).toContain('resume_0001.mrc');
    await dropFiles([movie]);
    await item.and(page.locator('[data-state="done"]')).waitFor({ timeout: 15_000 });
    expect(creates).toHaveLength(1); // the second drop reused the stored upload id
    expect((await stack.store.head('raw/br/s3/resume_0001.mrc'))?.size).toBe(movie.bytes.length);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cryoem-upload:')))).toEqual([]);
  });

  it('refuses a wrong password with 401', async () => {
    // Without a login the browser is sent to the login form; a wrong password there is a 401 with the form again.
    const context = await browser.newContext();
    const login = await context.newPage();
    await login.goto(`${stack.gateway.url}/ui/`);
    await login.fill('#user', stack.credentials.gatewayUser);
    await login.fill('#password', 'wrong');
    const [res] = await Promise.all([login.waitForResponse((r) => r.request().method() === 'POST'), login.click('button[type="submit"]')]);
    expect(res.status()).toBe(401);
    await context.close();
  });
});
