import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCallbackReceiver, type CallbackReceiver } from '../../fixtures/functions/callbackReceiver.js';
import { SCRAPE_TOKEN, startGatewayHarness, type GatewayHarness } from '../../support/gatewayHarness.js';
import { parseExposition } from '../../support/promText.js';

let h: GatewayHarness;
let cb: CallbackReceiver;
let flakyCalls = 0;

beforeAll(async () => {
  cb = await startCallbackReceiver();
  h = await startGatewayHarness([
    { name: 'echo', handle: (req) => ({ status: req.url === '/boom' ? 500 : 200, body: 'x' }) },
    // 503 twice (retried), then 200.
    { name: 'flaky', handle: () => ({ status: ++flakyCalls <= 2 ? 503 : 200, body: String(flakyCalls) }) },
    // 500 is not a retried code: dead letter after one attempt.
    { name: 'failing', handle: () => ({ status: 500, body: 'broken' }) },
  ]);
});

afterAll(async () => {
  await h?.close();
  await cb?.close();
});

async function scrape(headers: Record<string, string>) {
  const res = await fetch(`${h.url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

async function asyncCall(name: string): Promise<string> {
  const res = await fetch(`${h.url}/async-function/${name}`, { method: 'POST', headers: { ...h.admin, 'X-Callback-Url': cb.url }, body: '{}' });
  expect(res.status).toBe(202);
  return res.headers.get('x-call-id')!;
}

describe('gateway /metrics', () => {
  it('refuses a caller without credentials or with a wrong token (401)', async () => {
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer wrong-token-0123456789abcd' })).status).toBe(401);
    expect((await scrape({ authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` })).status).toBe(401);
  });

  it('serves the text format to the admin and to the scrape token', async () => {
    const admin = await scrape(h.admin);
    expect(admin.status).toBe(200);
    expect(admin.type).toContain('text/plain; version=0.0.4');
    expect(() => parseExposition(admin.text)).not.toThrow();
    expect((await scrape({ authorization: `Bearer ${SCRAPE_TOKEN}` })).status).toBe(200);
  });

  it('counts exactly the calls made: sync by status, async attempts, retries and dead letters', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${h.url}/function/echo`, { method: 'POST', headers: h.admin, body: 'a' })).status).toBe(200);
    expect((await fetch(`${h.url}/function/echo/boom`, { method: 'POST', headers: h.admin, body: 'a' })).status).toBe(500);
    const flakyId = await asyncCall('flaky');
    const failingId = await asyncCall('failing');
    await cb.waitFor((c) => c.headers['x-call-id'] === flakyId);
    await cb.waitFor((c) => c.headers['x-call-id'] === failingId);
    // The callback goes out just before the call leaves the lane.
    await vi.waitFor(() => expect(h.queue.depth('flaky').inflight + h.queue.depth('failing').inflight).toBe(0));

    const m = parseExposition((await scrape(h.admin)).text);
    expect(m.types.get('gateway_function_invocation_total')).toBe('counter');
    expect(m.types.get('gateway_functions_seconds')).toBe('histogram');
    expect(m.value('gateway_function_invocation_total', { function_name: 'echo', kind: 'sync', code: '200' })).toBe(3);
    expect(m.value('gateway_function_invocation_total', { function_name: 'echo', kind: 'sync', code: '500' })).toBe(1);
    expect(m.value('gateway_function_invocation_total', { function_name: 'flaky', kind: 'async', code: '503' })).toBe(2);
    expect(m.value('gateway_function_invocation_total', { function_name: 'flaky', kind: 'async', code: '200' })).toBe(1);
    expect(m.value('gateway_function_invocation_total', { function_name: 'failing', kind: 'async', code: '500' })).toBe(1);
    expect(m.value('gateway_functions_seconds_count', { function_name: 'echo', kind: 'sync', code: '200' })).toBe(3);
    expect(m.value('gateway_functions_seconds_bucket', { function_name: 'echo', kind: 'sync', code: '200', le: '+Inf' })).toBe(3);
    expect(m.value('gateway_async_retries_total', { function_name: 'flaky' })).toBe(2);
    expect(m.value('gateway_async_dead_letters_total', { function_name: 'failing' })).toBe(1);
    expect(m.value('gateway_async_dead_letters')).toBe(1);
    expect(m.value('gateway_async_queue_depth', { function_name: 'flaky' })).toBe(0);
    expect(m.value('gateway_async_inflight', { function_name: 'flaky' })).toBe(0);
    expect(m.value('gateway_service_count', { function_name: 'echo' })).toBe(0);
  });

  it('labels only by function, kind and status: no call ids or keys', async () => {
    const m = parseExposition((await scrape(h.admin)).text);
    const allowed = new Set(['function_name', 'kind', 'code', 'le']);
    for (const s of m.samples) for (const k of Object.keys(s.labels)) expect(allowed.has(k), `${s.name} label ${k}`).toBe(true);
    for (const [name, type] of m.types) if (type === 'counter') expect(name).toMatch(/_total$/);
  });
});
