// Access in chromium: an operator logs in through the login page and sees only her experiment; outside its booked
// window the upload area is disabled with the server's reason; the administrator books a window on the access page
// and the operator's upload area opens; the operator then adds a collaborator herself; the administrator issues an S3
// key and an API token on the same page, and both work until the token is revoked there.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionParamsKey } from '../../lib/events/pipeline.js';
import { createObjectStore } from '../../lib/store/index.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import { adminBasic, startBrowserStack, stopBrowserStack } from './browserStack.js';
import { loggedInContext } from './loginHelpers.js';

let dir: string;
let stack: RunningStack;
let browser: Browser;
let olga: Page;
const hour = 3600_000;
// Whole minutes, so the reason reads "HH:MM UTC" without seconds.
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const ENDED = minute(Date.now() - 24 * hour);
/** `YYYY-MM-DD HH:MM UTC` written out here, independently of the server's formatter. */
const utcWords = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
};
const localInput = (ms: number) => new Date(ms).toISOString().slice(0, 16); // datetime-local value, read as UTC by the page

beforeAll(async () => {
  ({ dir, stack, browser } = await startBrowserStack('ui-access-'));
  const admin = adminBasic(stack);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${stack.gateway.url}/ui/api/access/${path}`, { method: 'POST', headers: { authorization: admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  for (const name of ['olga', 'carl']) await post('users', { name, displayName: name === 'olga' ? 'Olga Operator' : '', password: `${name}-password` });
  await post('experiments', { name: 'X', windows: [{ microscope: 'krios', from: new Date(ENDED - 2 * hour).toISOString(), to: new Date(ENDED).toISOString() }] });
  await post('experiments', { name: 'Y' });
  await post('experiments/X/members', { user: 'olga', role: 'operator' });
  for (const experiment of ['X', 'Y']) await stack.store.put(sessionParamsKey({ experiment, session: 's1' }), JSON.stringify({ particleDiameterA: 24 }));
  olga = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await stopBrowserStack({ browser, stack, dir });
});

describe('access in chromium', () => {
  it('logs the operator in through the login page and shows only her experiment', async () => {
    await olga.goto(`${stack.gateway.url}/ui/`);
    expect(new URL(olga.url()).pathname).toBe('/ui/login');
    await olga.fill('#user', 'olga');
    await olga.fill('#password', 'olga-password');
    await olga.click('button[type="submit"]');
    await olga.waitForURL(`${stack.gateway.url}/ui/`);
    await expect.poll(() => olga.locator('[data-testid="who"]').textContent(), { timeout: 15_000 }).toBe('Olga Operator (olga)');
    const rows = olga.locator('table.sessions tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().locator('td').first().textContent()).toBe('X');
  });

  it('disables the upload area outside the booked window, with the reason', async () => {
    await olga.goto(`${stack.gateway.url}/ui/#/s/X/s1`);
    const reason = olga.locator('[data-testid="upload-reason"]');
    await reason.waitFor({ timeout: 15_000 });
    expect(await reason.textContent()).toBe(`Uploading is disabled: olga may not upload into experiment X now: experiment X is outside its booked window, which ended at ${utcWords(ENDED)}.`);
    expect(await olga.locator('[data-testid="dropzone"] input[type="file"]').count()).toBe(0);
  });

  it('opens the upload area once the administrator books a window on the access page', async () => {
    const context = await loggedInContext(browser, stack.gateway.url, stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
    const adminPage = await context.newPage();
    await adminPage.goto(`${stack.gateway.url}/ui/#/access`);
    const card = adminPage.locator('[data-experiment="X"]');
    await card.waitFor({ timeout: 15_000 });
    const [from, to] = [minute(Date.now() - hour), minute(Date.now() + hour)];
    const form = card.locator('form[data-form="add-window"]');
    await form.locator('input[name="from"]').fill(localInput(from));
    await form.locator('input[name="to"]').fill(localInput(to));
    await form.locator('input[name="microscope"]').fill('krios');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.locator('[data-result]').textContent(), { timeout: 10_000 }).toBe(`window ${utcWords(from)} to ${utcWords(to)} booked`);
    // The card re-reads the state after the form's answer: poll until it has.
    await expect.poll(() => card.locator('ul.windows li').allTextContents(), { timeout: 10_000 }).toEqual([
      `${utcWords(ENDED - 2 * hour)} to ${utcWords(ENDED)} on krios`, `${utcWords(from)} to ${utcWords(to)} on krios`,
    ]);
    // The booking is in the audit log the administrator reads on the same page.
    await expect.poll(async () => (await adminPage.locator('.access-audit td').allTextContents()).includes('POST /ui/api/access/experiments'), { timeout: 10_000 }).toBe(true);
    await context.close();

    await olga.reload();
    await olga.locator('[data-testid="dropzone"] input[type="file"]').waitFor({ timeout: 15_000 });
    expect(await olga.locator('[data-testid="upload-reason"]').count()).toBe(0);
  });

  it('lets the operator add a collaborator inside her window', async () => {
    await olga.goto(`${stack.gateway.url}/ui/#/access`);
    const form = olga.locator('[data-experiment="X"] form[data-form="add-collaborator"]');
    await form.waitFor({ timeout: 15_000 });
    await form.locator('input[name="user"]').fill('carl');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.locator('[data-result]').textContent(), { timeout: 10_000 }).toBe('carl is now collaborator of X');
    await expect.poll(() => olga.locator('[data-experiment="X"] [data-member]').allTextContents(), { timeout: 10_000 }).toEqual(['olga (operator)', 'carl (collaborator)']);
  });

  it('lets the administrator issue an S3 key and an API token on the access page, and revoke the token', async () => {
    const context = await loggedInContext(browser, stack.gateway.url, stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
    const page = await context.newPage();
    await page.goto(`${stack.gateway.url}/ui/#/access`);
    const keyForm = page.locator('form[data-form="issue-s3-key"]');
    await keyForm.waitFor({ timeout: 15_000 });
    await keyForm.locator('select[name="user"]').selectOption('olga');
    await keyForm.locator('button[type="submit"]').click();
    await expect.poll(() => keyForm.locator('[data-result="ok"]').textContent(), { timeout: 10_000 }).toMatch(/^AWS_ACCESS_KEY_ID=\S+ AWS_SECRET_ACCESS_KEY=\S+$/);
    const [, accessKeyId, secretAccessKey] = /^AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)$/.exec((await keyForm.locator('[data-result="ok"]').textContent()) ?? '') ?? [];
    // Olga's window is open since the previous test: the key copied from the page writes her raw/ folder, not Y's.
    const olgaS3 = createObjectStore({ ...stack.storeConfig, accessKeyId: accessKeyId ?? '', secretAccessKey: secretAccessKey ?? '' });
    await olgaS3.put('raw/X/s1/from-page-key.txt', 'olga');
    expect(new TextDecoder().decode(await stack.store.getBytes('raw/X/s1/from-page-key.txt'))).toBe('olga');
    await expect(olgaS3.put('raw/Y/s1/from-page-key.txt', 'x')).rejects.toMatchObject({ name: 'AccessDenied' });

    const tokenForm = page.locator('form[data-form="issue-token"]');
    await tokenForm.locator('select[name="user"]').selectOption('carl');
    await tokenForm.locator('button[type="submit"]').click();
    await expect.poll(() => tokenForm.locator('[data-result="ok"]').textContent(), { timeout: 10_000 }).toMatch(/^token for carl \(until .+ UTC\): \S+$/);
    const token = /: (\S+)$/.exec((await tokenForm.locator('[data-result="ok"]').textContent()) ?? '')?.[1] ?? '';
    const sessions = () => fetch(`${stack.gateway.url}/ui/api/sessions`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await sessions()).toBe(200);
    const row = page.locator('tr[data-token]', { hasText: 'carl' });
    await row.locator('button', { hasText: 'Revoke' }).click();
    await expect.poll(() => row.locator('td').nth(4).textContent(), { timeout: 10_000 }).toMatch(/^revoked /);
    expect(await sessions()).toBe(401);
    await context.close();
  });
});
