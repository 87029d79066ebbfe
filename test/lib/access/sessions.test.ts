// Login sessions in the bucket: only the id's SHA-256 is stored, any replica resolves them, expiry and logout end them.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SESSION_PREFIX, sessionStore } from '../../../lib/access/sessions.js';
import { memoryStore } from './memoryStore.js';

const T0 = Date.parse('2026-03-04T10:00:00Z');

function clock() {
  let t = T0;
  return { now: () => new Date(t), advance: (s: number) => { t += s * 1000; } };
}

describe('sessionStore', () => {
  it('stores the record under the SHA-256 of the cookie value and never the value itself', async () => {
    const store = memoryStore();
    const { id, expires } = await sessionStore(store, { ttlSeconds: 3600, now: clock().now }).create({ kind: 'user', name: 'alice' }, '10.0.0.7');
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expires.toISOString()).toBe('2026-03-04T11:00:00.000Z');
    const key = `${SESSION_PREFIX}${createHash('sha256').update(id).digest('hex')}.json`;
    expect(store.keys()).toEqual([key]);
    expect(store.text(key)).not.toContain(id);
    expect(JSON.parse(store.text(key))).toEqual({ kind: 'user', name: 'alice', created: '2026-03-04T10:00:00.000Z', expires: '2026-03-04T11:00:00.000Z', address: '10.0.0.7' });
  });

  it('is resolved by another replica on the same bucket, and ended everywhere by logout on one', async () => {
    const store = memoryStore();
    const c = clock();
    const [a, b] = [sessionStore(store, { now: c.now }), sessionStore(store, { now: c.now })];
    const { id } = await a.create({ kind: 'admin', name: 'admin' }, '');
    expect((await b.resolve(id))?.name).toBe('admin');
    await b.destroy(id);
    expect(await a.resolve(id)).toBeUndefined();
    expect(store.keys()).toEqual([]);
  });

  it('ends at its expiry: valid one second before, gone (and deleted) at it', async () => {
    const store = memoryStore();
    const c = clock();
    const sessions = sessionStore(store, { ttlSeconds: 600, now: c.now });
    const { id } = await sessions.create({ kind: 'user', name: 'bob' }, '');
    c.advance(599);
    expect((await sessions.resolve(id))?.name).toBe('bob');
    c.advance(1);
    expect(await sessions.resolve(id)).toBeUndefined();
    expect(store.keys()).toEqual([]);
  });

  it('ignores malformed and unknown cookie values', async () => {
    const sessions = sessionStore(memoryStore());
    expect(await sessions.resolve('../state')).toBeUndefined();
    expect(await sessions.resolve('A'.repeat(43))).toBeUndefined();
    await expect(sessions.destroy('not-a-session')).resolves.toBeUndefined();
  });

  it('sweeps sessions that expired without a logout when a later login comes an hour on', async () => {
    const store = memoryStore();
    const c = clock();
    const sessions = sessionStore(store, { ttlSeconds: 600, now: c.now });
    await sessions.create({ kind: 'user', name: 'old' }, '');
    c.advance(3601);
    const { id } = await sessions.create({ kind: 'user', name: 'new' }, '');
    await expect.poll(() => store.keys().length).toBe(1);
    expect((await sessions.resolve(id))?.name).toBe('new');
  });
});
