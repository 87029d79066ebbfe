// The event stream's rights are asked again while it is open: narrowed, widened, or the stream ended.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventHub } from '../../dashboard/server/eventHub.js';
import type { UiEvent } from '../../dashboard/server/eventHub.js';
import { waitFor } from '../e2e/helpers/waitFor.js';
import { readSseEvents } from '../support/sseEvents.js';
import type { SseEvents } from '../support/sseEvents.js';

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

/** Resolves once `stream` has received the event of `key`. */
const arrived = (stream: SseEvents<UiEvent>, key: string) => waitFor(async () => stream.events.some((e) => e.key === key), `event ${key}`);

describe('event hub rights', () => {
  it('narrows, widens and finally ends an open stream as the caller\'s rights change', async () => {
    // handle() registers the stream in the same tick that it sends the headers, so it is open once fetch resolves.
    const s = readSseEvents<UiEvent>(await fetch(url));
    hub.publish('raw/B/s/1.tif', 's3:ObjectCreated:Put');
    hub.publish('raw/A/s/1.tif', 's3:ObjectCreated:Put');
    await arrived(s, 'raw/A/s/1.tif');
    rights = new Set(['B']); // moved from A to B
    await hub.recheck();
    hub.publish('raw/A/s/2.tif', 's3:ObjectCreated:Put');
    hub.publish('raw/B/s/2.tif', 's3:ObjectCreated:Put');
    await arrived(s, 'raw/B/s/2.tif');
    rights = 'all'; // made an administrator
    await hub.recheck();
    hub.publish('raw/A/s/3.tif', 's3:ObjectCreated:Put');
    await arrived(s, 'raw/A/s/3.tif');
    expect(s.events.map((e) => e.key)).toEqual(['raw/A/s/1.tif', 'raw/B/s/2.tif', 'raw/A/s/3.tif']);
    rights = null; // disabled, logged out or token revoked
    await hub.recheck();
    await s.ended;
    expect(hub.clients()).toBe(0);
  });
});
