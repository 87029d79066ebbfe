// Pick results in chromium (issue 22): the stack's own pick step runs on simulated micrographs with an
// over-stated diameter and one empty micrograph; the page must say what was estimated against what was
// entered, flag the empty micrograph in the table and its detail, and show the session warnings.
// The same pages carry issue 16's session facts: exposures per hour and a sensible time axis for few points,
// movies processed on default optics in the warning colour, a parameters save that offers to reprocess exactly
// those, and the server's validation message beside its field.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMrc } from '../../lib/formats/mrc/index.js';
import { simulateMicrograph } from '../../lib/synth/index.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import { adminBasic, startBrowserStack, stopBrowserStack } from './browserStack.js';
import { loggedInContext } from './loginHelpers.js';

let dir: string;
let stack: RunningStack;
let browser: Browser;
let page: Page;
let auth: string;

/** Truth of the simulator: 80 Å particles, 25 per micrograph, except m4 which holds none (seed 6: strongest DoG peak 3.1 σ at 110 Å). */
const TRUE_DIAMETER_A = 80;
const ENTERED_A = 110;
const MOVIES: [string, number, number][] = [['m1', 25, 2], ['m2', 25, 3], ['m3', 25, 4], ['m4', 0, 6], ['m5', 25, 7], ['m6', 25, 8]];
const EMPTY = 'm4';
/** Session pd/s2: 7 movies the microscope recorded one every 30 s (EPU time in motioncor's optics) → 120 exposures/hour. */
const RECORDED = Array.from({ length: 7 }, (_, i) => [`r${i}`, new Date(Date.UTC(2026, 11, 5, 9, 0, 30 * i)).toISOString()] as const);

beforeAll(async () => {
  ({ dir, stack, browser } = await startBrowserStack('ui-pick-'));
  auth = adminBasic(stack);
  const put = await fetch(`${stack.gateway.url}/ui/api/sessions/pd/s1/params`, {
    method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ particleDiameterA: ENTERED_A }),
  });
  expect(put.status).toBe(200);
  // The raw objects are not movies: motioncor fails on them and writes nothing over the micrographs below.
  // Each micrograph stands where motioncor writes it; the ctf result JSON then triggers the stack's pick step.
  for (const [m, count, seed] of MOVIES) {
    await stack.store.put(`raw/pd/s1/${m}.tif`, 'not a movie');
    const sim = await simulateMicrograph({ width: 512, pixelSizeA: 2, particleDiameterA: TRUE_DIAMETER_A, particleCount: count, seed });
    await stack.store.put(`processed/pd/s1/motioncor/${m}.mrc`, encodeMrc([sim.image], { pixelSizeA: 2 }));
    await stack.store.put(`processed/pd/s1/ctf/${m}.json`, JSON.stringify({ results: { defocusU: 20_000, defocusV: 19_000, fitResolutionA: 4 } }));
  }
  const context = await loggedInContext(browser, stack.gateway.url, stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await stopBrowserStack({ browser, stack, dir });
});

/** Puts placeholder raw movies, waits for motioncor to fail on them, then writes motioncor results with these optics. */
async function seedOptics(sessionName: string, optics: Record<string, Record<string, { value: unknown; source: string }>>): Promise<void> {
  const movies = Object.keys(optics);
  for (const m of movies) await stack.store.put(`raw/pd/${sessionName}/${m}.tif`, 'not a movie');
  const failed = async () => (await Promise.all(movies.map(async (m) => (await stack.store.head(`processed/pd/${sessionName}/errors/${m}.motioncor.json`)) !== null))).every(Boolean);
  await expect.poll(failed, { timeout: 60_000, interval: 250 }).toBe(true);
  // After motioncor's failure on the placeholder: a motioncor result as lib/metadata records the optics and their sources.
  for (const m of movies) await stack.store.put(`processed/pd/${sessionName}/motioncor/${m}.json`, JSON.stringify({ parameters: { optics: optics[m] }, results: {} }));
}

describe('pick results in chromium', () => {
  it('shows estimated against entered diameter, flags the empty micrograph among full ones, and lists the session warnings', async () => {
    const picked = async () => {
      const n = await Promise.all(MOVIES.map(async ([m]) => (await stack.store.head(`processed/pd/s1/picks/${m}.json`)) !== null));
      return n.filter(Boolean).length;
    };
    await expect.poll(picked, { timeout: 60_000, interval: 250 }).toBe(MOVIES.length);

    await page.goto(`${stack.gateway.url}/ui/#/s/pd/s1`);
    const sessionWarnings = page.locator('ul.session-pick-warnings li');
    await expect.poll(() => sessionWarnings.allTextContents(), { timeout: 15_000 }).toHaveLength(2);
    const [zeros, size] = await sessionWarnings.allTextContents();
    // Five micrographs of 25 particles: the session median is in the twenties and only m4 is named.
    expect(zeros).toMatch(new RegExp(`^picking: 1 micrograph with no picks while the session median is 2\\d: ${EMPTY}$`));
    const sessionEstimate = /^picking: estimated particle diameter (\d+) Å, you entered 110 Å$/.exec(size);
    expect(sessionEstimate).not.toBeNull();
    // The estimate follows the simulator's truth (pick's promise: within ±20 %), not the 110 Å entered.
    expect(Math.abs(Number(sessionEstimate?.[1]) - TRUE_DIAMETER_A)).toBeLessThanOrEqual(0.2 * TRUE_DIAMETER_A);

    // Beside the diameter field: the median estimate of the five micrographs with picks, against what was entered.
    const hint = page.locator('form.params [data-pick="session-estimate"]');
    await expect.poll(() => hint.textContent(), { timeout: 5_000 }).toMatch(/^estimated \d+ Å from 5 micrograph\(s\), you entered 110 Å$/);
    expect(Math.abs(Number(/estimated (\d+)/.exec((await hint.textContent()) ?? '')?.[1]) - TRUE_DIAMETER_A)).toBeLessThanOrEqual(0.2 * TRUE_DIAMETER_A);

    const particles = (m: string) => page.locator(`.scroller .row[data-movie="${m}"] [data-col="particles"]`);
    await expect.poll(() => particles(EMPTY).textContent(), { timeout: 10_000 }).toBe('0 ⚠');
    expect(await particles(EMPTY).getAttribute('class')).toContain('pick-warning');
    expect(await particles(EMPTY).getAttribute('title')).toMatch(/^no particles picked in "processed\/pd\/s1\/motioncor\/m4\.mrc"/);

    await page.locator(`.scroller .row[data-movie="${EMPTY}"]`).click();
    const detail = page.locator(`aside.detail[data-movie="${EMPTY}"]`);
    await expect.poll(() => detail.locator('[data-pick="diameter"]').textContent(), { timeout: 5_000 })
      .toBe(`particle diameter: no estimate (nothing picked), you entered ${ENTERED_A} Å`);
    expect(await detail.locator('[data-pick="warnings"] li').first().textContent()).toMatch(/^no particles picked in .*under the 4 σ threshold/);

    await page.locator('.scroller .row[data-movie="m1"]').click();
    const full = page.locator('aside.detail[data-movie="m1"] [data-pick="diameter"]');
    await expect.poll(() => full.textContent(), { timeout: 5_000 }).toMatch(/^particle diameter: estimated \d+ Å, you entered 110 Å$/);
    const movieEstimate = Number(/estimated (\d+) Å/.exec((await full.textContent()) ?? '')?.[1]);
    expect(Math.abs(movieEstimate - TRUE_DIAMETER_A)).toBeLessThanOrEqual(0.2 * TRUE_DIAMETER_A);
    expect(await particles('m1').textContent()).toMatch(/^2\d ⚠$/);
    expect(await particles('m1').getAttribute('title')).toMatch(/stated 110 Å: the stated size may be too large/);

    // Six points uploaded within seconds: the time axis spans ten minutes around them, not years.
    const uploaded = await Promise.all(MOVIES.map(async ([m]) => ((await stack.store.head(`raw/pd/s1/${m}.tif`))?.lastModified.getTime() ?? NaN) / 1000));
    const chart = page.locator('[data-chart="particles"]');
    expect(await chart.getAttribute('data-points')).toBe(String(MOVIES.length));
    const [lo, hi] = ((await chart.getAttribute('data-x-range')) ?? '').split(',').map(Number);
    expect(hi - lo).toBeCloseTo(600, 6);
    expect(lo).toBeLessThanOrEqual(Math.min(...uploaded));
    expect(hi).toBeGreaterThanOrEqual(Math.max(...uploaded));
    // No recorded time in this session: the rate, if any, is labelled as from upload times.
    expect(await page.locator('.summary .exposure-rate').textContent()).toMatch(/^exposures\/hour: (—|\d+ \(from upload times; no acquisition time known, 6 movies\))$/);
  }, 120_000);

  it('shows exposures per hour from the acquisition times: 7 movies one every 30 s → 120/h', async () => {
    await seedOptics('s2', Object.fromEntries(RECORDED.map(([m, at]) => [m, { acquiredAt: { value: at, source: 'metadata:epu' } }])));
    await page.goto(`${stack.gateway.url}/ui/#/s/pd/s2`);
    const rate = page.locator('.summary .exposure-rate');
    await expect.poll(() => rate.textContent(), { timeout: 15_000 }).toBe('exposures/hour: 120 (from acquisition times, 7 movies)');
    expect(Number(await rate.getAttribute('data-exposure-rate'))).toBeCloseTo(120, 6);
  });
});

describe('session parameters in chromium (issue 16)', () => {
  const meta = (value: unknown) => ({ value, source: 'metadata:mdoc' });
  const guess = (value: unknown) => ({ value, source: 'default' });

  it('shows movies on default optics in the warning colour, shows the field message, and a save offers exactly the movies it fixes', async () => {
    // d1 guessed its pixel size, d3 its dose; d2 had every value from its .mdoc.
    await seedOptics('s3', {
      d1: { pixelSizeA: guess(1), voltageKv: meta(300), dosePerFrame: meta(1.2) },
      d2: { pixelSizeA: meta(0.83), voltageKv: meta(300), dosePerFrame: meta(1.2) },
      d3: { pixelSizeA: meta(0.83), voltageKv: meta(300), dosePerFrame: guess(1) },
    });
    await page.goto(`${stack.gateway.url}/ui/#/s/pd/s3`);
    const name = (m: string) => page.locator(`.scroller .row[data-movie="${m}"] .c-movie`);
    await expect.poll(() => name('d3').getAttribute('class'), { timeout: 15_000 }).toContain('on-defaults');
    expect(await name('d1').getAttribute('title')).toBe('raw/pd/s3/d1.tif: processed on default pixelSizeA');
    expect(await name('d2').getAttribute('class')).not.toContain('on-defaults');
    const colour = (m: string) => name(m).evaluate((el) => getComputedStyle(el).color);
    // style.css's warning colour #b45309, against the plain text of d2.
    expect(await colour('d1')).toBe('rgb(180, 83, 9)');
    expect(await colour('d2')).not.toBe('rgb(180, 83, 9)');

    const form = page.locator('form.params');
    await form.locator('input[name="pickThreshold"]').fill('2');
    await form.locator('button[type="submit"]').click();
    const problem = form.locator('input[name="pickThreshold"] + .problem');
    await expect.poll(() => problem.textContent(), { timeout: 5_000 }).toBe('pick threshold must be ≤ 1');
    expect(await form.locator('input[name="pickThreshold"]').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('[data-reprocess]').count()).toBe(0);

    await form.locator('input[name="pickThreshold"]').fill('');
    await form.locator('input[name="pixelSizeA"]').fill('0.83');
    await form.locator('button[type="submit"]').click();
    const offer = form.locator('[data-reprocess="defaults"]');
    await expect.poll(() => offer.textContent(), { timeout: 5_000 }).toBe('Reprocess the 1 movie(s) processed on a default pixelSizeA');
    expect(await problem.count()).toBe(0);
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/ui/api/sessions/pd/s3/reprocess'));
    await offer.click();
    expect((await sent).postDataJSON()).toEqual({ movies: ['d1'] });
    await expect.poll(() => page.locator('.summary .reprocess').textContent(), { timeout: 5_000 }).toContain('queued 1 movie(s)');
  });
});

describe('curation scatter preview in chromium (issue 16)', () => {
  it('a held threshold line changes the counts before anything is saved; releasing saves it', async () => {
    // CTF fit resolution (Å) per movie; a line held at 6.5 Å leaves c1–c3 accepted and c4, c5 rejected.
    const fits: [string, number][] = [['c1', 3], ['c2', 4], ['c3', 5], ['c4', 8], ['c5', 9]];
    // Result JSONs with the fields curation reads, as in curation.test.ts; the placeholder raw objects fail at motioncor.
    for (const [m, resA] of fits) {
      await stack.store.put(`processed/pd/s4/motioncor/${m}.json`, JSON.stringify({ results: { motionA: { total: 2, early: 1 } } }));
      await stack.store.put(`processed/pd/s4/ctf/${m}.json`, JSON.stringify({ results: { defocusU: 20_000, defocusV: 19_000, cc: 0.3, fitResolutionA: resA } }));
      await stack.store.put(`raw/pd/s4/${m}.tif`, 'not a movie');
    }
    await page.goto(`${stack.gateway.url}/ui/#/s/pd/s4`);
    const scatter = page.locator('[data-scatter]');
    await expect.poll(() => scatter.getAttribute('data-points'), { timeout: 15_000 }).toBe(String(fits.length));
    const [lo, hi] = ((await scatter.getAttribute('data-x-range')) ?? '').split(',').map(Number);
    await scatter.scrollIntoViewIfNeeded();
    const over = await scatter.locator('.u-over').boundingBox();
    if (!over) throw new Error('scatter has no plotting area');
    const at = (v: number) => over.x + ((v - lo) / (hi - lo)) * over.width;
    const midY = over.y + over.height / 2;
    await page.mouse.move(at(hi) - 2, midY);
    await page.mouse.down();
    await page.mouse.move(at(6.5), midY, { steps: 6 });

    const counts = page.locator('.curation .counts');
    await expect.poll(() => counts.textContent(), { timeout: 5_000 }).toBe('5 accepted · 0 rejected (unsaved thresholds: 3 accepted · 2 rejected)');
    const stored = async () => ((await (await fetch(`${stack.gateway.url}/ui/api/sessions/pd/s4/curation`, { headers: { authorization: auth } })).json()) as {
      settings: { thresholds: { maxCtfResolutionA?: number } };
    }).settings.thresholds.maxCtfResolutionA;
    expect(await stored()).toBeUndefined();

    await page.mouse.up();
    await expect.poll(stored, { timeout: 10_000 }).toBeDefined();
    await expect.poll(() => counts.textContent(), { timeout: 5_000 }).toBe('3 accepted · 2 rejected');
  });
});
