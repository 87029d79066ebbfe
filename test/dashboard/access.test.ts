// Access on the real embedded stack: alice (operator of A, window open), bob (researcher of B), carol (operator of
// C, window ended), a revoked token and a disabled user; every refusal in the audit trail.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { loadStackConfig } from '../../single-machine/config.js';
import { startStack } from '../../single-machine/startStack.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import type { UiEvent } from '../../dashboard/server/eventHub.js';
import type { SessionSummary } from '../../dashboard/server/types.js';
import type { AuditEntry } from '../../lib/access/index.js';
import { sessionParamsKey } from '../../lib/events/pipeline.js';
import { createObjectStore } from '../../lib/store/index.js';
import { mrcMovie } from '../e2e/helpers/movies.js';
import { waitFor } from '../e2e/helpers/waitFor.js';
import { readSseEvents } from '../support/sseEvents.js';

let dir: string;
let stack: RunningStack;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
let admin: string;
const call = (auth: string, path: string, init: RequestInit = {}) => fetch(`${stack.gateway.url}${path}`, { ...init, headers: { authorization: auth, 'content-type': 'application/json', ...(init.headers ?? {}) } });
const post = (auth: string, path: string, body: unknown) => call(auth, path, { method: 'POST', body: JSON.stringify(body) });
const hour = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ALICE = basic('alice', 'alice-password');
const CAROL = basic('carol', 'carol-password');
const head = Buffer.from(mrcMovie(64, 2, 1).subarray(0, 4096)).toString('base64');
const createUpload = (auth: string, experiment: string) => post(auth, '/ui/api/uploads', { experiment, session: 's1', fileName: 'm1.mrc', size: 9000, head });
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;
let bobToken: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ui-access-'));
  stack = await startStack(loadStackConfig({ CRYOEM_DATA_DIR: dir, STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0', WEBHOOK_RETRY_MS: '200' }, ['--no-demo']));
  admin = basic(stack.credentials.gatewayUser, stack.credentials.gatewayPassword);
  const now = Date.now();
  for (const name of ['alice', 'bob', 'carol', 'dave']) expect((await post(admin, '/ui/api/access/users', { name, password: `${name}-password` })).status).toBe(201);
  for (const [name, from, to] of [['A', now - hour, now + hour], ['B', now - 48 * hour, now - 24 * hour], ['C', now - 3 * hour, now - 2 * hour]] as const) {
    expect((await post(admin, '/ui/api/access/experiments', { name, windows: [{ microscope: 'krios', from: iso(from), to: iso(to) }] })).status).toBe(201);
  }
  for (const [exp, user, role] of [['A', 'alice', 'operator'], ['B', 'bob', 'researcher'], ['C', 'carol', 'operator'], ['A', 'dave', 'researcher']]) {
    expect((await post(admin, `/ui/api/access/experiments/${exp}/members`, { user, role })).status).toBe(200);
  }
  bobToken = `Bearer ${((await (await post(admin, '/ui/api/access/tokens', { user: 'bob', days: 1 })).json()) as { token: string }).token}`;
  for (const experiment of ['A', 'B']) await stack.store.put(sessionParamsKey({ experiment, session: 's1' }), JSON.stringify({ particleDiameterA: 24 }));
});

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('access on the dashboard API', () => {
  it('lets alice, operator of A inside its window, upload into A and refuses B with the reason', async () => {
    const ok = await createUpload(ALICE, 'A');
    expect(ok.status, await ok.clone().text()).toBe(200);
    const refused = await createUpload(ALICE, 'B');
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toBe('alice is not a member of experiment B');
  });

  it('shows bob (researcher of B, by token) only B\'s sessions, and lets him read B but not upload there', async () => {
    const list = await waitFor(async () => {
      const all = ((await (await call(admin, '/ui/api/sessions')).json()) as { sessions: SessionSummary[] }).sessions;
      return all.length >= 2 ? all : null;
    }, 'both sessions indexed');
    expect(list.map((s) => s.experiment).sort()).toEqual(['A', 'B']);
    const mine = ((await (await call(bobToken, '/ui/api/sessions')).json()) as { sessions: SessionSummary[] }).sessions;
    expect(mine.map((s) => s.experiment)).toEqual(['B']);
    expect((await call(bobToken, '/ui/api/sessions/B/s1/params')).status).toBe(200);
    expect((await call(bobToken, '/ui/api/sessions/A/s1/params')).status).toBe(403);
    const upload = await createUpload(bobToken, 'B');
    expect(upload.status).toBe(403);
    expect(await errorOf(upload)).toBe('bob is researcher of experiment B, and a researcher may not upload into it');
  });

  it('streams bob B\'s events and none of A\'s', async () => {
    const res = await call(bobToken, '/ui/api/events');
    expect(res.status).toBe(200);
    const stream = readSseEvents<UiEvent>(res);
    const { events } = stream;
    // A first, then B: the store sends its events in order, so A's would have arrived before B's.
    await stack.store.put(sessionParamsKey({ experiment: 'A', session: 's2' }), '{}');
    await stack.store.put(sessionParamsKey({ experiment: 'B', session: 's2' }), '{}');
    await waitFor(async () => events.find((e) => e.key === 'params/B/s2/session.json'), 'B event');
    await stream.cancel();
    expect(events.map((e) => e.experiment)).toEqual(events.map(() => 'B'));
  });

  it('ends bob\'s open event stream once the token it was opened with is revoked', async () => {
    const issued = (await (await post(admin, '/ui/api/access/tokens', { user: 'bob' })).json()) as { id: string; token: string };
    const res = await call(`Bearer ${issued.token}`, '/ui/api/events');
    expect(res.status).toBe(200);
    const stream = readSseEvents<UiEvent>(res);
    await stack.dashboard.events.recheck();
    expect(stack.dashboard.events.clients()).toBeGreaterThan(0); // still allowed: still open
    expect((await post(admin, `/ui/api/access/tokens/${issued.id}/revoke`, {})).status).toBe(200);
    await stack.dashboard.events.recheck();
    await stream.ended; // the server ended the stream
  });

  it('refuses carol, whose window on C ended, saying when it ended', async () => {
    const res = await createUpload(CAROL, 'C');
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toMatch(/^carol may not upload into experiment C now: experiment C is outside its booked window, which ended at \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC$/);
  });

  it('answers 401 to a revoked token and a disabled user', async () => {
    const issued = (await (await post(admin, '/ui/api/access/tokens', { user: 'bob' })).json()) as { id: string; token: string };
    expect((await call(`Bearer ${issued.token}`, '/ui/api/sessions')).status).toBe(200);
    expect((await post(admin, `/ui/api/access/tokens/${issued.id}/revoke`, {})).status).toBe(200);
    const revoked = await call(`Bearer ${issued.token}`, '/ui/api/sessions');
    expect(revoked.status).toBe(401);
    expect(await errorOf(revoked)).toContain(`bearer token ${issued.id}: revoked at`);
    expect((await call(admin, '/ui/api/access/users/dave', { method: 'PUT', body: JSON.stringify({ enabled: false }) })).status).toBe(200);
    const disabled = await call(basic('dave', 'dave-password'), '/ui/api/sessions');
    expect(disabled.status).toBe(401);
    expect(await errorOf(disabled)).toBe('user dave is disabled');
  });

  it('keeps users off the admin API, /system and other experiments\' function calls', async () => {
    const admin403 = await post(ALICE, '/ui/api/access/users', { name: 'eve' });
    expect(admin403.status).toBe(403);
    expect(await errorOf(admin403)).toContain('alice is not an administrator');
    expect((await call(ALICE, '/system/functions')).status).toBe(401);
    const fn = await post(ALICE, '/async-function/motioncor', { bucket: stack.config.bucket, key: 'raw/B/s1/m1.mrc' });
    expect(fn.status).toBe(403);
    expect(await errorOf(fn)).toBe('alice is not a member of experiment B');
    // Her own experiment's key passes, the body replayed to the queue untouched.
    const own = await post(ALICE, '/async-function/motioncor', { bucket: stack.config.bucket, key: 'raw/A/s1/missing.mrc' });
    expect(own.status, await own.clone().text()).toBe(202);
  });

  it('issues bob an S3 key that reads B and nothing else', async () => {
    const res = await post(admin, '/ui/api/access/s3-keys', { user: 'bob' });
    expect(res.status, await res.clone().text()).toBe(201);
    const key = (await res.json()) as { accessKeyId: string; secretAccessKey: string };
    const bob = createObjectStore({ ...stack.storeConfig, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
    expect(new TextDecoder().decode(await bob.getBytes(sessionParamsKey({ experiment: 'B', session: 's1' })))).toBe('{"particleDiameterA":24}');
    await expect(bob.getBytes(sessionParamsKey({ experiment: 'A', session: 's1' }))).rejects.toThrow();
    await expect(bob.put('raw/B/s1/new.mrc', 'x')).rejects.toThrow();
    await expect(bob.getBytes('_access/state.json')).rejects.toThrow();
  });

  it('issues alice an S3 key that writes raw/A/ in her open window, not B; carol\'s (window ended) cannot write C', async () => {
    const keyOf = async (user: string) => {
      const res = await post(admin, '/ui/api/access/s3-keys', { user });
      expect(res.status, await res.clone().text()).toBe(201);
      const k = (await res.json()) as { accessKeyId: string; secretAccessKey: string };
      return createObjectStore({ ...stack.storeConfig, accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey });
    };
    const alice = await keyOf('alice');
    await alice.put('raw/A/s1/by-s3-key.txt', 'alice');
    expect(new TextDecoder().decode(await stack.store.getBytes('raw/A/s1/by-s3-key.txt'))).toBe('alice');
    await expect(alice.put('raw/B/s1/by-s3-key.txt', 'x')).rejects.toMatchObject({ name: 'AccessDenied', message: 'alice is not a member of experiment B' });
    const carol = await keyOf('carol');
    await expect(carol.put('raw/C/s1/late.txt', 'x')).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('carol may not upload into experiment C now: experiment C is outside its booked window, which ended at') });
    // The store appends its refusals to the same audit trail the gateway reads.
    const entry = await waitFor(async () => {
      const { entries } = (await (await call(admin, '/ui/api/access/audit')).json()) as { entries: AuditEntry[] };
      return entries.find((e) => e.who === 'carol' && e.keys[0] === 'raw/C/s1/late.txt') ?? null;
    }, 'carol\'s S3 refusal audited');
    expect(entry).toMatchObject({ outcome: 'refused', status: 403, action: 'upload', experiment: 'C', what: `PUT /${stack.config.bucket}/raw/C/s1/late.txt` });
  });

  it('lists every refusal in the audit trail, read by the admin only', async () => {
    const res = await call(admin, '/ui/api/access/audit');
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: AuditEntry[] };
    const refused = entries.filter((e) => e.outcome === 'refused').map((e) => `${e.who} ${e.status} ${e.action} ${e.experiment ?? ''}`);
    expect(refused).toEqual(expect.arrayContaining([
      'alice 403 upload B', 'bob 403 view A', 'bob 403 upload B', 'carol 403 upload C',
      'bearer token 401 login ', 'dave 401 login ', 'alice 403 admin ', 'alice 403 call ',
    ]));
    expect(entries.find((e) => e.who === 'alice' && e.outcome === 'allowed' && e.action === 'upload')).toMatchObject({ experiment: 'A', keys: ['raw/A/s1/m1.mrc'], status: 200 });
    expect((await call(ALICE, '/ui/api/access/audit')).status).toBe(403);
  });
});

describe('cryoem-daq access', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    process.exitCode = undefined;
  });
  async function cli(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
    vi.stubEnv('GATEWAY_URL', stack.gateway.url);
    vi.stubEnv('GATEWAY_USER', stack.credentials.gatewayUser);
    vi.stubEnv('GATEWAY_PASSWORD', stack.credentials.gatewayPassword);
    const out: string[] = [];
    const err: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((t) => { out.push(String(t)); return true; });
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((t) => { err.push(String(t)); return true; });
    const i = vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([Buffer.from(stdin)]) as unknown as typeof process.stdin);
    try {
      return { code: await main(argv), out: out.join(''), err: err.join('') };
    } finally {
      o.mockRestore();
      e.mockRestore();
      i.mockRestore();
    }
  }

  it('adds a user with a password from stdin, an experiment with a window, a grant, a token and an S3 key', async () => {
    expect(await cli(['access', 'user', 'add', 'erin', '--password-stdin'], 'erin-password\n')).toMatchObject({ code: 0, out: 'added user erin\n' });
    const now = Date.now();
    expect((await cli(['access', 'experiment', 'add', 'E', '--window', `${iso(now - hour)}/${iso(now + hour)}@krios`])).code).toBe(0);
    expect(await cli(['access', 'grant', 'E', 'erin', '--role', 'operator'])).toMatchObject({ code: 0, out: 'erin is operator of E\n' });
    expect((await createUpload(basic('erin', 'erin-password'), 'E')).status).toBe(200);
    const token = await cli(['access', 'token', 'erin', '--days', '1']);
    expect(token.code).toBe(0);
    expect((await call(`Bearer ${token.out.split(' ')[0]}`, '/ui/api/sessions')).status).toBe(200);
    const key = await cli(['access', 's3-key', 'erin']);
    expect(key.out).toMatch(/^CRYO[A-Z0-9]+ \S+\n$/);
  });

  it('refuses a bad window and a bad role, naming them', async () => {
    const w = await cli(['access', 'experiment', 'add', 'F', '--window', '2026-03-04T08:00Z']);
    expect(w.code).toBe(1);
    expect(w.err).toContain('--window "2026-03-04T08:00Z": expected <fromISO>/<toISO>[@microscope]');
    expect((await cli(['access', 'grant', 'E', 'erin', '--role', 'boss'])).code).toBe(1);
  });

  it('prints the audit trail since a time', async () => {
    const { code, out } = await cli(['access', 'audit', '--since', new Date(Date.now() - 10 * 60_000).toISOString()]);
    expect(code).toBe(0);
    expect(out).toMatch(/refused 403 carol {2}POST \/ui\/api\/uploads {2}carol may not upload into experiment C now/);
  });
});
