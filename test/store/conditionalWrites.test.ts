// Conditional PUT on the embedded store over real HTTP with the aws SDK: a stale If-Match gets 412 and changes
// nothing, If-None-Match: * creates only once, and of writers racing from the same ETag exactly one wins; the
// access state built on it answers the loser 409.
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessStateStore, STATE_KEY } from '../../lib/access/accessState.js';
import { ConflictError, PreconditionFailedError } from '../../lib/errors.js';
import { createObjectStore } from '../../lib/store/index.js';
import type { ObjectStore } from '../../lib/store/index.js';
import { KEY_ID, SECRET, startFixture } from './support/storeFixture.js';
import type { StoreFixture } from './support/storeFixture.js';

let fx: StoreFixture;
let s3: S3Client;
const Bucket = 'cryoem';

beforeAll(async () => {
  fx = await startFixture();
  s3 = new S3Client({ endpoint: fx.store.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
});
afterAll(() => fx.close());

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const read = async (Key: string): Promise<string | undefined> => (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString();
const put = (Key: string, Body: string, cond: { IfMatch?: string; IfNoneMatch?: string } = {}) => s3.send(new PutObjectCommand({ Bucket, Key, Body, ...cond }));
const objectStore = (): ObjectStore => createObjectStore({ endpoint: fx.store.url, region: 'us-east-1', bucket: Bucket, accessKeyId: KEY_ID, secretAccessKey: SECRET });

describe('conditional PUT on the embedded store', () => {
  it('writes on a matching If-Match, answers 412 PreconditionFailed to a stale one and keeps the newer object', async () => {
    const v1 = await put('params/A/s1/c.json', 'v1');
    expect(v1.ETag).toBe(`"${md5('v1')}"`);
    const v2 = await put('params/A/s1/c.json', 'v2', { IfMatch: v1.ETag });
    expect(v2.ETag).toBe(`"${md5('v2')}"`);
    await expect(put('params/A/s1/c.json', 'v3', { IfMatch: v1.ETag })).rejects.toMatchObject({
      name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 },
      message: expect.stringContaining(`its ETag is ${md5('v2')}, not ${md5('v1')} (If-Match)`),
    });
    expect(await read('params/A/s1/c.json')).toBe('v2');
  });

  it('creates with If-None-Match: * only when absent; If-Match on a missing object is NoSuchKey', async () => {
    await put('params/A/s1/new.json', 'first', { IfNoneMatch: '*' });
    await expect(put('params/A/s1/new.json', 'second', { IfNoneMatch: '*' })).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    expect(await read('params/A/s1/new.json')).toBe('first');
    await expect(put('params/A/s1/absent.json', 'x', { IfMatch: `"${md5('x')}"` })).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    await expect(put('params/A/s1/new.json', 'x', { IfNoneMatch: `"${md5('first')}"` })).rejects.toMatchObject({ $metadata: { httpStatusCode: 501 } });
  });

  it('lets exactly one of eight writers racing from the same ETag win; the object is the winner\'s', async () => {
    const base = await put('params/A/s1/race.json', 'base');
    const bodies = Array.from({ length: 8 }, (_, i) => `writer ${i}`);
    const results = await Promise.allSettled(bodies.map((b) => put('params/A/s1/race.json', b, { IfMatch: base.ETag })));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [bodies[i]] : []));
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as { name: string })).toEqual(Array(7).fill(expect.objectContaining({ name: 'PreconditionFailed' })));
    expect(await read('params/A/s1/race.json')).toBe(won[0]);
  });

  it('throws PreconditionFailedError from ObjectStore.put with a stale ifMatch', async () => {
    const store = objectStore();
    const { etag } = await store.put('params/A/s1/os.json', 'one');
    await store.put('params/A/s1/os.json', 'two', { ifMatch: etag });
    await expect(store.put('params/A/s1/os.json', 'three', { ifMatch: etag })).rejects.toThrow(PreconditionFailedError);
    await expect(store.put('params/A/s1/os.json', 'three', { ifNoneMatch: '*' })).rejects.toThrow('object "params/A/s1/os.json": not written, If-None-Match * no longer holds');
    expect(await read('params/A/s1/os.json')).toBe('two');
  });
});

/** `store` whose puts wait until `n` have been asked for, so that every writer has read the same ETag first. */
function gated(store: ObjectStore, n: number): ObjectStore {
  let waiting = 0;
  let open = (): void => undefined;
  const gate = new Promise<void>((resolve) => { open = resolve; });
  return { ...store, bucket: store.bucket, put: async (key, body, options) => {
    if (++waiting === n) open();
    await gate;
    return store.put(key, body, options);
  } };
}

describe('access state on two replicas', () => {
  it('lets one of two writers with the same base ETag win and answers the other 409', async () => {
    const seed = accessStateStore(objectStore());
    await seed.update((s) => { s.experiments.push({ name: 'A', members: [], windows: [] }); });
    const shared = gated(objectStore(), 2);
    const replicas = [accessStateStore(shared), accessStateStore(shared)];
    const results = await Promise.allSettled(replicas.map((r, i) => r.update((s) => { s.experiments.push({ name: `R${i}`, members: [], windows: [] }); })));
    const rejected = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as unknown);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(ConflictError);
    expect(rejected[0]).toMatchObject({ status: 409, message: `access state "${STATE_KEY}" changed while it was being updated: try again` });
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    const stored = JSON.parse(await read(STATE_KEY) ?? '') as { experiments: { name: string }[] };
    expect(stored.experiments.map((e) => e.name)).toEqual(['A', `R${winner}`]);
  });
});
