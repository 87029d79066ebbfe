// `cryoem-daq ops`: lists the gateway's dead letters and retries/discards them through the admin API.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.js';
import { startCallbackReceiver, type CallbackReceiver } from '../../fixtures/functions/callbackReceiver.js';
import { ADMIN, startGatewayHarness, type GatewayHarness } from '../../support/gatewayHarness.js';

let h: GatewayHarness;
let cb: CallbackReceiver;
let healed = false;
const answered = { ok: 0, failed: 0 };

beforeAll(async () => {
  cb = await startCallbackReceiver();
  h = await startGatewayHarness([{ name: 'pick', handle: () => (healed ? (answered.ok++, { status: 200, body: 'ok' }) : (answered.failed++, { status: 500, body: 'no particles' })) }]);
  vi.stubEnv('GATEWAY_URL', h.url);
  vi.stubEnv('GATEWAY_USER', ADMIN.user);
  vi.stubEnv('GATEWAY_PASSWORD', ADMIN.password);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await h?.close();
  await cb?.close();
});
afterEach(() => {
  process.exitCode = undefined;
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err.push(String(s)); return true; });
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

async function deadLetter(key: string): Promise<string> {
  const res = await fetch(`${h.url}/async-function/pick`, { method: 'POST', headers: { ...h.admin, 'content-type': 'application/json', 'X-Callback-Url': cb.url }, body: JSON.stringify({ bucket: 'cryoem', key }) });
  const id = res.headers.get('x-call-id')!;
  await cb.waitFor((c) => c.headers['x-call-id'] === id);
  return id;
}

describe('cryoem-daq ops', () => {
  it('lists dead letters by cause, retries one by id and discards the rest by cause', async () => {
    const a = await deadLetter('processed/e/s/ctf/a.json');
    const b = await deadLetter('processed/e/s/ctf/b.json');
    const listed = await cli('ops', 'dead-letters');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('2 dead letter(s)\n      2  pick:500\n');
    expect(listed.out).toContain(`${a}  pick:500  processed/e/s/ctf/a.json  function "pick" answered 500: no particles (attempt 1 of 4)`);
    healed = true;
    expect(await cli('ops', 'retry', a)).toMatchObject({ code: 0, out: `retried   ${a} pick:500\n1 letter(s) retried\n` });
    await cb.waitFor((c) => c.headers['x-call-id'] === a && c.headers['x-function-status'] === '200');
    expect(await cli('ops', 'discard', '--cause', 'pick:500')).toMatchObject({ code: 0, out: `discarded ${b} pick:500\n1 letter(s) discarded\n` });
    expect((await cli('ops', 'dead-letters')).out).toBe('0 dead letter(s)\n');
  });

  it('fails naming the problem: both selectors, or an unknown id', async () => {
    expect(await cli('ops', 'retry', 'x', '--cause', 'pick:500')).toMatchObject({ code: 1, err: 'cryoem-daq ops: retry: give call ids or --cause <function:status>, not both or neither\n' });
    const r = await cli('ops', 'discard', 'no-such-id');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^cryoem-daq ops: gateway http:\/\/127\.0\.0\.1:\d+\/system\/dead-letters\/discard answered 404: .*dead letter \\"no-such-id\\" not found/);
  });

  it('prints the queue and the step figures of the calls made', async () => {
    await vi.waitFor(() => expect(h.queue.depth('pick')).toEqual({ queued: 0, inflight: 0 }));
    const r = await cli('ops', 'status', '--minutes', '30');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 3)).toEqual(['calls: 0 queued, 0 in flight', '  pick             0 queued   0 in flight', 'last 30 min: 0 movie(s) finalized, 0 movies/h']);
    expect(lines[3]).toMatch(new RegExp(`^  pick\\s+${answered.ok} ok\\s+${answered.failed} failed  p50 (\\d+\\.\\d\\d s|-)  p95 (\\d+\\.\\d\\d s|-)$`));
    expect(answered.failed).toBeGreaterThan(0);
  });
});
