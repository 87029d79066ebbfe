// Users' own S3 keys on the real embedded store, with the aws SDK: each request is decided at its time from the live
// access state, so an operator's key writes raw/A/ inside A's window (± grace) and gets 403 one second after, starts
// writing when B's window opens without being re-issued, a researcher's key reads but never writes, and every
// refusal (and each write) lands in the audit trail with its reason.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accessStateStore } from '../../lib/access/accessState.js';
import { readAudit } from '../../lib/access/audit.js';
import type { AccessState } from '../../lib/access/model.js';
import { s3KeyPolicy } from '../../lib/access/s3KeyPolicy.js';
import { createLogger } from '../../lib/log.js';
import { createObjectStore } from '../../lib/store/index.js';
import type { ObjectStore } from '../../lib/store/index.js';
import { createAccessKey } from '../../lib/store/keyTable.js';
import { startStoreService } from '../../store/storeService.js';
import type { StoreService } from '../../store/storeService.js';

const Bucket = 'cryoem';
const SERVICE = { accessKeyId: 'SERVICEKEY0001', secretAccessKey: 'service-secret' };
const GRACE_S = 60;
const MIN = 60_000;
// Whole minutes near the real time: the SDK signs with the real clock and the store allows ±15 min of skew.
const base = Math.floor(Date.now() / MIN) * MIN;
const A = { from: base - 10 * MIN, to: base + 3 * MIN };
const B = { from: base + 5 * MIN, to: base + 10 * MIN };
const iso = (t: number): string => new Date(t).toISOString();
/** How a person reads a time: `2026-03-04 18:00 UTC`. */
const said = (t: number): string => `${iso(t).slice(0, 10)} ${iso(t).slice(11, 16)} UTC`;

let dir: string;
let clock = base;
let service: StoreService;
let admin: ObjectStore;
const keys: Record<string, S3Client> = {};
const secrets: Record<string, { id: string; secret: string }> = {};
const run = promisify(execFile);

const user = (name: string) => ({ name, displayName: name, enabled: true, admin: false });
const client = (k: { id: string; secret: string }, endpoint: string) => new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: k.id, secretAccessKey: k.secret } });
const put = (who: string, Key: string) => keys[who].send(new PutObjectCommand({ Bucket, Key, Body: `${who} wrote ${Key}` }));
const get = async (who: string, Key: string) => (await keys[who].send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString();
/** The aws CLI (v1, as installed) with `who`'s key and nothing from the user's own configuration. */
const aws = (who: string, ...args: string[]) => run('aws', ['--endpoint-url', service.url, ...args], {
  env: { PATH: process.env.PATH, HOME: dir, AWS_ACCESS_KEY_ID: secrets[who].id, AWS_SECRET_ACCESS_KEY: secrets[who].secret, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
});
const denied = (message: string) => ({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 }, message });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'user-keys-'));
  const table = join(dir, 'store-keys.json');
  service = await startStoreService({
    dataDir: join(dir, 'data'), queueDir: join(dir, 'events'), host: '127.0.0.1', port: 0, region: 'us-east-1', ...SERVICE,
    keyTableFile: table, buckets: [Bucket], accessGraceSeconds: GRACE_S, now: () => new Date(clock), log: createLogger('store', {}, () => undefined),
  });
  admin = createObjectStore({ endpoint: service.url, region: 'us-east-1', bucket: Bucket, ...SERVICE });
  const state: AccessState = await accessStateStore(admin).update((s) => {
    s.users.push(user('alice'), user('bob'));
    s.experiments.push(
      { name: 'A', members: [{ user: 'alice', role: 'operator' }, { user: 'bob', role: 'researcher' }], windows: [{ microscope: 'krios', from: iso(A.from), to: iso(A.to) }] },
      { name: 'B', members: [{ user: 'alice', role: 'operator' }], windows: [{ microscope: 'krios', from: iso(B.from), to: iso(B.to) }] },
    );
  });
  for (const name of ['alice', 'bob']) {
    const u = state.users.find((x) => x.name === name);
    if (!u) throw new Error(`test state lacks ${name}`);
    secrets[name] = await createAccessKey(table, s3KeyPolicy(state, u, Bucket), `access: ${name}`);
    keys[name] = client(secrets[name], service.url);
  }
});

afterAll(async () => {
  await service.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a user\'s S3 key on the embedded store', () => {
  it('lets the operator write raw/A/ inside the window and its grace, and refuses one second after', async () => {
    clock = base;
    await put('alice', 'raw/A/s1/m1.tif');
    clock = A.to + GRACE_S * 1000;
    await put('alice', 'raw/A/s1/m2.tif');
    clock = A.to + GRACE_S * 1000 + 1000;
    await expect(put('alice', 'raw/A/s1/m3.tif')).rejects.toMatchObject(denied(`alice may not upload into experiment A now: experiment A is outside its booked window, which ended at ${said(A.to)}`));
    expect(await admin.head('raw/A/s1/m3.tif')).toBeNull();
    // Reading her experiment's data needs no window.
    expect(await get('alice', 'raw/A/s1/m2.tif')).toBe('alice wrote raw/A/s1/m2.tif');
  });

  it('starts writing raw/B/ when B\'s window (less its grace) opens, with the key issued before', async () => {
    clock = B.from - GRACE_S * 1000 - 1000;
    await expect(put('alice', 'raw/B/s1/m1.tif')).rejects.toMatchObject(denied(`alice may not upload into experiment B now: experiment B is outside its booked window, the next one starts at ${said(B.from)}`));
    clock = B.from - GRACE_S * 1000;
    await put('alice', 'raw/B/s1/m1.tif');
    expect(await admin.head('raw/B/s1/m1.tif')).toMatchObject({ size: 'alice wrote raw/B/s1/m1.tif'.length });
  });

  it('lets a researcher read and list A but never write, nor reach B or _access/', async () => {
    clock = base; // inside A's window
    expect(await get('bob', 'raw/A/s1/m1.tif')).toBe('alice wrote raw/A/s1/m1.tif');
    const listed = await keys.bob.send(new ListObjectsCommand({ Bucket, Prefix: 'raw/A/' }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual(['raw/A/s1/m1.tif', 'raw/A/s1/m2.tif']);
    await expect(put('bob', 'raw/A/s1/bob.tif')).rejects.toMatchObject(denied('bob is researcher of experiment A, and a researcher may not upload into it'));
    await expect(get('bob', 'raw/B/s1/m1.tif')).rejects.toMatchObject(denied('bob is not a member of experiment B'));
    await expect(get('bob', '_access/state.json')).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('"_access/state.json" is outside them') });
    await expect(keys.bob.send(new ListObjectsCommand({ Bucket, Prefix: '' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(put('alice', 'processed/A/s1/x.json')).rejects.toMatchObject(denied('alice\'s S3 key may not write "processed/A/s1/x.json": user keys write only into raw/<experiment>/'));
  });

  it('works the same from the aws CLI: cp into raw/A/ inside the window, AccessDenied with the reason one second after', async () => {
    const file = join(dir, 'cli.tif');
    await writeFile(file, 'cli movie');
    clock = base;
    await aws('alice', 's3', 'cp', file, 's3://cryoem/raw/A/s2/cli.tif');
    expect((await aws('bob', 's3', 'cp', 's3://cryoem/raw/A/s2/cli.tif', '-')).stdout).toBe('cli movie');
    await expect(aws('bob', 's3', 'cp', file, 's3://cryoem/raw/A/s2/bob.tif')).rejects.toMatchObject({ stderr: expect.stringContaining('(AccessDenied) when calling the PutObject operation: bob is researcher of experiment A, and a researcher may not upload into it') });
    clock = A.to + GRACE_S * 1000 + 1000;
    await expect(aws('alice', 's3', 'cp', file, 's3://cryoem/raw/A/s2/late.tif')).rejects.toMatchObject({ stderr: expect.stringContaining(`(AccessDenied) when calling the PutObject operation: alice may not upload into experiment A now: experiment A is outside its booked window, which ended at ${said(A.to)}`) });
    expect(await admin.head('raw/A/s2/late.tif')).toBeNull();
  }, 60_000);

  it('follows the live state: a disabled user\'s key stops at once (after the state refresh), without a restart', async () => {
    await accessStateStore(admin).update((s) => { const a = s.users.find((u) => u.name === 'alice'); if (a) a.enabled = false; });
    await vi.waitFor(async () => { await expect(get('alice', 'raw/A/s1/m1.tif')).rejects.toMatchObject(denied('user alice is disabled')); }, { timeout: 10_000, interval: 100 });
  });

  it('appends every refusal and each write to the audit trail, with who, keys and reason', async () => {
    const lines = async () => (await readAudit(admin)).map((e) => `${e.who} ${e.outcome} ${e.status} ${e.action} ${e.experiment ?? ''} ${e.keys.join(',')}`);
    await vi.waitFor(async () => {
      expect(await lines()).toEqual(expect.arrayContaining([
        'alice allowed 200 upload A raw/A/s1/m1.tif', 'alice allowed 200 upload A raw/A/s1/m2.tif', 'alice refused 403 upload A raw/A/s1/m3.tif',
        'alice refused 403 upload B raw/B/s1/m1.tif', 'alice allowed 200 upload B raw/B/s1/m1.tif', 'bob refused 403 upload A raw/A/s1/bob.tif',
        'bob refused 403 download B raw/B/s1/m1.tif', 'bob refused 403 s3  _access/state.json', 'alice refused 403 download A raw/A/s1/m1.tif',
      ]));
    }, { timeout: 10_000, interval: 100 });
    const refusal = (await readAudit(admin)).find((e) => e.keys[0] === 'raw/A/s1/m3.tif');
    expect(refusal).toMatchObject({ what: 'PUT /cryoem/raw/A/s1/m3.tif', address: '127.0.0.1', reason: `alice may not upload into experiment A now: experiment A is outside its booked window, which ended at ${said(A.to)}` });
  });
});
