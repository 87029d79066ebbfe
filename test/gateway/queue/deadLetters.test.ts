// /system/dead-letters: a retried letter runs its call again (same id, same body) to success; discard removes; both audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallbackReceiver, type CallbackReceiver } from '../../fixtures/functions/callbackReceiver.js';
import { startGatewayHarness, type GatewayHarness } from '../../support/gatewayHarness.js';

let h: GatewayHarness;
let cb: CallbackReceiver;
let healed = false;

beforeAll(async () => {
  cb = await startCallbackReceiver();
  h = await startGatewayHarness([
    // 500 is not retried by the harness queue (it retries 503 only): one attempt, then a dead letter.
    { name: 'motioncor', handle: () => (healed ? { status: 200, body: '{"status":"done"}' } : { status: 500, body: 'tool crashed' }) },
    { name: 'ctffind', handle: () => ({ status: 502, body: 'bad gateway' }) },
  ]);
});
afterAll(async () => {
  await h?.close();
  await cb?.close();
});

const body = (key: string) => JSON.stringify({ bucket: 'cryoem', key });
async function call(name: string, key: string): Promise<string> {
  const res = await fetch(`${h.url}/async-function/${name}`, { method: 'POST', headers: { ...h.admin, 'content-type': 'application/json', 'X-Callback-Url': cb.url }, body: body(key) });
  expect(res.status).toBe(202);
  return res.headers.get('x-call-id')!;
}
const finished = (id: string, status: string) => cb.waitFor((c) => c.headers['x-call-id'] === id && c.headers['x-function-status'] === status);
const post = (path: string, payload: unknown, headers: Record<string, string> = h.admin) =>
  fetch(`${h.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
interface Listing { count: number; byCause: Record<string, number>; letters: { callId: string; causeClass: string; key?: string; cause: string }[] }
const list = async () => (await (await fetch(`${h.url}/system/dead-letters`, { headers: h.admin })).json()) as Listing;

describe('/system/dead-letters', () => {
  let a = '';
  let b = '';
  let c = '';

  it('lists dead letters with their cause, grouped by function and status', async () => {
    [a, b, c] = [await call('motioncor', 'raw/e/s/a.tif'), await call('motioncor', 'raw/e/s/b.tif'), await call('ctffind', 'processed/e/s/motioncor/a.json')];
    await Promise.all([finished(a, '500'), finished(b, '500'), finished(c, '502')]);
    const l = await list();
    expect(l.count).toBe(3);
    expect(l.byCause).toEqual({ 'motioncor:500': 2, 'ctffind:502': 1 });
    const la = l.letters.find((x) => x.callId === a)!;
    expect(la).toMatchObject({ causeClass: 'motioncor:500', key: 'raw/e/s/a.tif' });
    expect(la.cause).toBe('function "motioncor" answered 500: tool crashed (attempt 1 of 4)');
  });

  it('refuses callers without admin credentials, unknown ids and bad selectors', async () => {
    expect((await fetch(`${h.url}/system/dead-letters`)).status).toBe(401);
    expect((await post('/system/dead-letters/retry', { callIds: [a] }, {})).status).toBe(401);
    const unknown = await post('/system/dead-letters/retry', { callIds: ['no-such-id'] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'dead letter "no-such-id" not found' });
    expect((await post('/system/dead-letters/retry', { callIds: [a], causeClass: 'x' })).status).toBe(400);
    expect((await post('/system/dead-letters/explode', { callIds: [a] })).status).toBe(400);
    expect((await list()).count).toBe(3);
  });

  it('retries one letter: the same call id and body run again and succeed', async () => {
    healed = true;
    const res = await post('/system/dead-letters/retry', { callIds: [a] });
    expect(await res.json()).toEqual({ retried: [{ action: 'retry', callId: a, function: 'motioncor', causeClass: 'motioncor:500' }] });
    await finished(a, '200');
    const bodies = h.fakes.received.get('motioncor')!.filter((r) => r.headers['x-call-id'] === a).map((r) => r.body);
    expect(bodies).toEqual([body('raw/e/s/a.tif'), body('raw/e/s/a.tif')]);
    expect((await list()).byCause).toEqual({ 'motioncor:500': 1, 'ctffind:502': 1 });
  });

  it('retries every letter of a cause, discards another cause, and audits each action', async () => {
    expect(await (await post('/system/dead-letters/retry', { causeClass: 'motioncor:500' })).json()).toMatchObject({ retried: [{ callId: b }] });
    await finished(b, '200');
    expect(await (await post('/system/dead-letters/discard', { causeClass: 'ctffind:502' })).json()).toMatchObject({ discarded: [{ callId: c }] });
    expect((await list()).count).toBe(0);
    expect(h.fakes.received.get('ctffind')!.length).toBe(1);
    const audit = (await (await fetch(`${h.url}/system/dead-letters/audit`, { headers: h.admin })).json()) as { actor: string; action: string; callId: string }[];
    expect(audit.map((e) => [e.actor, e.action, e.callId])).toEqual([['admin', 'retry', a], ['admin', 'retry', b], ['admin', 'discard', c]]);
  });
});
