// The event stream's rights are asked again while it is open: narrowed, widened, or the stream ended.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventHub } from '../../dashboard/server/eventHub.js';
import type { UiEvent } from '../../dashboard/server/eventHub.js';

const hub = createEventHub(3_600_000); // heartbeats out of the way: the test calls recheck() itself
let rights: Set<string> | 'all' | null = new Set(['A']);
let server: Server;
let url = '';

beforeAll(async () => {
  const app = express();
  app.get('/events', (req, res) => {
    res.locals.visible = rights;
    res.locals.visibleNow = () => Promise.resolve(rights);
    hub.handle(req, res);
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
});
afterAll(async () => {
  hub.close();
  await new Promise((r) => server.close(r));
});

/** Reads data lines as they come; `until` resolves once the stream holds an event with that key, or it ends. */
async function open(): Promise<{ events: UiEvent[]; until(key: string): Promise<void>; ended: Promise<void> }> {
  const res = await fetch(url);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: UiEvent[] = [];
  const waiters: { key: string; resolve: () => void }[] = [];
  const ended = (async () => {
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!block.startsWith('data: ')) continue;
        const e = JSON.parse(block.slice(6)) as UiEvent;
        events.push(e);
        for (const w of waiters.filter((x) => x.key === e.key)) w.resolve();
      }
    }
  })();
  await new Promise<void>((resolve) => { const t = setInterval(() => { if (hub.clients() > 0) { clearInterval(t); resolve(); } }, 5); });
  return { events, ended, until: (key) => new Promise<void>((resolve) => waiters.push({ key, resolve })) };
}

describe('event hub rights', () => {
  it('narrows, widens and finally ends an open stream as the caller\'s rights change', async () => {
    const s = await open();
    const a1 = s.until('raw/A/s/1.tif');
    hub.publish('raw/B/s/1.tif', 's3:ObjectCreated:Put');
    hub.publish('raw/A/s/1.tif', 's3:ObjectCreated:Put');
    await a1;
    rights = new Set(['B']); // moved from A to B
    await hub.recheck();
    const b2 = s.until('raw/B/s/2.tif');
    hub.publish('raw/A/s/2.tif', 's3:ObjectCreated:Put');
    hub.publish('raw/B/s/2.tif', 's3:ObjectCreated:Put');
    await b2;
    rights = 'all'; // made an administrator
    await hub.recheck();
    const a3 = s.until('raw/A/s/3.tif');
    hub.publish('raw/A/s/3.tif', 's3:ObjectCreated:Put');
    await a3;
    expect(s.events.map((e) => e.key)).toEqual(['raw/A/s/1.tif', 'raw/B/s/2.tif', 'raw/A/s/3.tif']);
    rights = null; // disabled, logged out or token revoked
    await hub.recheck();
    await s.ended;
    expect(hub.clients()).toBe(0);
  });
});
