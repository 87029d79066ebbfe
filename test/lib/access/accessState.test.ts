// The bucket-backed access state: writes seen by another replica without a restart, concurrent writers refused.
import { describe, expect, it } from 'vitest';
import { accessStateStore, STATE_KEY } from '../../../lib/access/accessState.js';
import { appendAudit, readAudit } from '../../../lib/access/audit.js';
import { createMemoryObjectStore } from '../../../lib/store/index.js';
import type { ObjectStore } from '../../../lib/store/index.js';

const memoryStore = (): ObjectStore => createMemoryObjectStore('b');

describe('accessStateStore', () => {
  it('shows another replica\'s change once its refresh interval has passed', async () => {
    const store = memoryStore();
    let t = 0;
    const a = accessStateStore(store, { refreshMs: 1000, now: () => t });
    const b = accessStateStore(store, { refreshMs: 1000, now: () => t });
    expect((await b.current()).users).toEqual([]);
    await a.update((s) => { s.users.push({ name: 'alice', displayName: '', enabled: true, admin: false }); });
    expect((await b.current()).users).toEqual([]); // still within b's 1 s
    t = 1000;
    expect((await b.current()).users.map((u) => u.name)).toEqual(['alice']);
  });

  it('refuses a write when the state changed between its read and its write', async () => {
    const store = memoryStore();
    const a = accessStateStore(store);
    await a.update((s) => { s.experiments.push({ name: 'A', members: [], windows: [] }); });
    await expect(a.update(() => { void store.put(STATE_KEY, '{"version":1}'); })).rejects.toThrow(`access state "${STATE_KEY}" changed while it was being updated: try again`);
  });

  it('writes the first state only if none exists (If-None-Match *), so a replica that saw none cannot overwrite one', async () => {
    const store = memoryStore();
    const a = accessStateStore(store);
    await expect(a.update(() => { void store.put(STATE_KEY, JSON.stringify({ version: 1, users: [{ name: 'zed' }] })); })).rejects.toThrow(`access state "${STATE_KEY}" changed while it was being updated: try again`);
    expect((await a.current()).users.map((u) => u.name)).toEqual(['zed']);
  });

  it('rejects a state that does not validate, naming the field', async () => {
    const store = memoryStore();
    await store.put(STATE_KEY, JSON.stringify({ version: 1, users: [{ name: 'bad name' }] }));
    await expect(accessStateStore(store).current()).rejects.toThrow('access state "_access/state.json": users.0.name: letters, digits');
  });

  it('reads audit lines back in time order from the given time on', async () => {
    const store = memoryStore();
    const line = (time: string, who: string) => ({ time, who, what: 'POST /x', action: 'upload', keys: [], address: '', outcome: 'refused' as const, reason: 'r' });
    await appendAudit(store, line('2026-03-04T10:00:00.000Z', 'b'));
    await appendAudit(store, line('2026-03-04T09:00:00.000Z', 'a'));
    await appendAudit(store, line('2026-03-05T09:00:00.000Z', 'c'));
    expect((await readAudit(store)).map((e) => e.who)).toEqual(['a', 'b', 'c']);
    expect((await readAudit(store, new Date('2026-03-04T10:00:00Z'))).map((e) => e.who)).toEqual(['b', 'c']);
  });
});
