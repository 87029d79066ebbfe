// The in-memory ObjectStore: S3's MD5 ETags and conditional PUT (compare and write in one step).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PreconditionFailedError } from '../../../lib/errors.js';
import { createMemoryObjectStore, putConditionProblem } from '../../../lib/store/index.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

describe('createMemoryObjectStore', () => {
  it('gives each write the MD5 of its bytes as ETag and lists keys in order', async () => {
    const store = createMemoryObjectStore();
    expect(await store.put('b/2', 'two')).toEqual({ etag: md5('two') });
    await store.put('b/1', 'one', { metadata: { who: 'x' } });
    await store.put('c/1', 'other');
    expect(await store.head('b/1')).toMatchObject({ size: 3, etag: md5('one'), metadata: { who: 'x' } });
    const keys: string[] = [];
    for await (const o of store.list('b/')) keys.push(o.key);
    expect(keys).toEqual(['b/1', 'b/2']);
  });

  it('writes on a matching If-Match (quoted or not) and refuses a stale one, keeping the newer bytes', async () => {
    const store = createMemoryObjectStore();
    await store.put('k', 'v1');
    await store.put('k', 'v2', { ifMatch: `"${md5('v1')}"` });
    await expect(store.put('k', 'v3', { ifMatch: md5('v1') })).rejects.toThrow(PreconditionFailedError);
    await expect(store.put('k', 'v3', { ifMatch: md5('v1') })).rejects.toThrow(`object "k": not written, its ETag is ${md5('v2')}, not ${md5('v1')} (If-Match)`);
    expect(new TextDecoder().decode(await store.getBytes('k'))).toBe('v2');
  });

  it('creates with If-None-Match * once; If-Match on a missing key fails', async () => {
    const store = createMemoryObjectStore();
    await store.put('n', 'first', { ifNoneMatch: '*' });
    await expect(store.put('n', 'second', { ifNoneMatch: '*' })).rejects.toThrow(PreconditionFailedError);
    await expect(store.put('missing', 'x', { ifMatch: md5('x') })).rejects.toThrow('it does not exist and If-Match asks for ETag');
  });

  it('lets one of several writers racing from the same ETag win', async () => {
    const store = createMemoryObjectStore();
    const { etag } = await store.put('r', 'base');
    const results = await Promise.allSettled(['a', 'b', 'c'].map((b) => store.put('r', b, { ifMatch: etag })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(new TextDecoder().decode(await store.getBytes('r'))).toBe('a');
  });
});

describe('putConditionProblem', () => {
  it('holds for no condition, a matching ETag among several, and * on an existing object', () => {
    expect(putConditionProblem(null, {})).toBeNull();
    expect(putConditionProblem('abc', { ifMatch: '"x", "abc"' })).toBeNull();
    expect(putConditionProblem('abc', { ifMatch: '*' })).toBeNull();
    expect(putConditionProblem(null, { ifNoneMatch: '*' })).toBeNull();
    expect(putConditionProblem('abc', { ifNoneMatch: '*' })).toBe('it exists (ETag abc) and If-None-Match: * asks for a new object');
  });
});
