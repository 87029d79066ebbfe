// Dashboard API on the real embedded stack: auth, presigned multipart upload with magic-byte checks, live events, rows, params, reprocess.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../single-machine/config.js';
import { startStack } from '../../single-machine/startStack.js';
import type { RunningStack } from '../../single-machine/startStack.js';
import type { UiEvent } from '../../dashboard/server/eventHub.js';
import type { MovieRow, SessionDetail, SessionSummary } from '../../dashboard/server/types.js';
import { NotFoundError } from '../../lib/errors.js';
import { sessionParamsKey } from '../../lib/events/pipeline.js';
import { mrcMovie } from '../e2e/helpers/movies.js';
import { waitFor } from '../e2e/helpers/waitFor.js';
import { readSseEvents } from '../support/sseEvents.js';

let dir: string;
let stack: RunningStack;
let auth: string;
const api = (path: string, init: RequestInit = {}) => fetch(`${stack.gateway.url}/ui/api${path}`, { ...init, headers: { authorization: auth, 'content-type': 'application/json', ...(init.headers ?? {}) } });
const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });

/** Uploads `bytes` through the dashboard's presigned multipart API as the page does; returns the complete response. */
async function upload(fileName: string, bytes: Uint8Array, head = bytes.subarray(0, 4096)): Promise<Response> {
  const created = await post('/uploads', { experiment: 'ui', session: 's1', fileName, size: bytes.length, head: Buffer.from(head).toString('base64') });
  if (created.status !== 200) return created;
  const { key, uploadId, partSize, partCount } = (await created.json()) as { key: string; uploadId: string; partSize: number; partCount: number };
  const { urls } = (await (await post('/uploads/parts', { key, uploadId, partNumbers: Array.from({ length: partCount }, (_, i) => i + 1) })).json()) as { urls: { partNumber: number; url: string }[] };
  const parts = await Promise.all(urls.map(async ({ partNumber, url }) => {
    expect(new URL(url).origin).toBe(stack.storeConfig.endpoint);
    const res = await fetch(url, { method: 'PUT', body: bytes.slice((partNumber - 1) * partSize, partNumber * partSize), headers: { origin: stack.gateway.url } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag'); // the page reads each part's ETag
    return { partNumber, etag: res.headers.get('etag') ?? '' };
  }));
  return post('/uploads/complete', { key, uploadId, parts });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ui-api-'));
  stack = await startStack(loadStackConfig({ CRYOEM_DATA_DIR: dir, STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0', WEBHOOK_RETRY_MS: '200' }, ['--no-demo']));
  auth = `Basic ${Buffer.from(`${stack.credentials.gatewayUser}:${stack.credentials.gatewayPassword}`).toString('base64')}`;
  await stack.connector.started;
});

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('dashboard API', () => {
  it('refuses a wrong password with 401', async () => {
    const res = await fetch(`${stack.gateway.url}/ui/api/sessions`, { headers: { authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toContain('wrong user or password');
  });

  it('lets a browser preflight part PUTs to the store', async () => {
    const res = await fetch(`${stack.storeConfig.endpoint}/${stack.config.bucket}/raw/ui/s1/x.mrc?uploadId=1&partNumber=1`, {
      method: 'OPTIONS', headers: { origin: stack.gateway.url, 'access-control-request-method': 'PUT' },
    });
    expect(res.status).toBe(200); // (s3rver answers a matched preflight with '*'; the rule itself names only the dashboard)
    const other = await fetch(`${stack.storeConfig.endpoint}/${stack.config.bucket}/raw/ui/s1/x.mrc?uploadId=1&partNumber=1`, {
      method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1234', 'access-control-request-method': 'PUT' },
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('uploads a movie with presigned parts, streams its events live and shows it done with images', async () => {
    const stream = readSseEvents<UiEvent>(await api('/events'));
    const { events } = stream;
    await stack.store.put(sessionParamsKey({ experiment: 'ui', session: 's1' }), JSON.stringify({ particleDiameterA: 24 }));
    const res = await upload('m1.mrc', mrcMovie(128, 4, 1));
    expect(res.status, await res.clone().text()).toBe(200);
    await waitFor(async () => events.find((e) => e.key === 'raw/ui/s1/m1.mrc' && e.kind === 'raw'), 'raw event');
    const fin = await waitFor(async () => events.find((e) => e.kind === 'result' && e.step === 'finalize' && e.movie === 'm1'), 'finalize result event', 50_000);
    expect(fin).toMatchObject({ experiment: 'ui', session: 's1' });
    await stream.cancel();

    const row = (await (await api('/sessions/ui/s1/movie?name=m1')).json()) as MovieRow;
    expect(row.steps).toEqual({ motioncor: 'done', ctffind: 'done', pick: 'done', finalize: 'done' });
    expect(row.shifts).toHaveLength(4);
    // mrcMovie: the same x-only stripes in every frame plus independent noise, at 1 Å/px. The stripes pin
    // x (no shift); y is left to noise, so the drift shown is the path length of the shifts shown. Noise
    // holds no particles.
    for (const [dx] of row.shifts ?? []) expect(Math.abs(dx)).toBeLessThan(0.5);
    const path = (row.shifts ?? []).slice(1).reduce((sum, [x, y], i) => sum + Math.hypot(x - row.shifts![i][0], y - row.shifts![i][1]), 0);
    expect(row.totalDriftA).toBeCloseTo(path, 2);
    expect(row.particles).toBe(0);
    const png = await api(`/objects?key=${encodeURIComponent(row.images.thumbnail ?? '')}`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer()).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);

    const detail = (await (await api('/sessions/ui/s1')).json()) as SessionDetail;
    expect(detail.movies.map((m) => m.movie)).toEqual(['m1']);
    const { sessions } = (await (await api('/sessions')).json()) as { sessions: SessionSummary[] };
    expect(sessions.find((s) => s.session === 's1')).toMatchObject({ experiment: 'ui', movies: 1, done: 1, failed: 0 });
  });

  it('refuses a file that is not a movie, by name and by magic bytes, before and after the upload', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(300).fill(0)]);
    const byName = await upload('photo.png', png);
    expect(byName.status).toBe(400);
    expect(((await byName.json()) as { error: string }).error).toContain('file "photo.png": refused, the name must end in .tif, .tiff, .mrc, .eer (got ".png")');
    const byBytes = await upload('fake.mrc', png);
    expect(((await byBytes.json()) as { error: string }).error).toContain('file "fake.mrc": refused, not a TIFF, MRC or EER movie by its magic bytes (starts 89 50 4e 47 0d 0a 1a 0a)');
    // The page lied about the head: the stored object is re-checked on complete and deleted.
    const lied = await upload('lied.mrc', png, mrcMovie(32, 1, 3).subarray(0, 1024));
    expect(lied.status).toBe(400);
    expect(((await lied.json()) as { error: string }).error).toContain('file "lied.mrc": refused, not a TIFF, MRC or EER movie');
    expect(await stack.store.head('raw/ui/s1/lied.mrc')).toBeNull();
  });

  it('refuses to replace an existing movie (409) unless the page sends its ETag', async () => {
    const existing = await stack.store.head('raw/ui/s1/m1.mrc');
    expect(existing).not.toBeNull();
    const head = Buffer.from(mrcMovie(32, 1, 3).subarray(0, 1024)).toString('base64');
    const again = await post('/uploads', { experiment: 'ui', session: 's1', fileName: 'm1.mrc', size: 2048, head });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe(`"raw/ui/s1/m1.mrc" already exists (ETag ${existing?.etag ?? ''}): upload it under a new name, or replace it by sending replaceEtag`);
    expect((await post('/uploads', { experiment: 'ui', session: 's1', fileName: 'm1.mrc', size: 2048, head, replaceEtag: 'stale' })).status).toBe(409);
    const replace = await post('/uploads', { experiment: 'ui', session: 's1', fileName: 'm1.mrc', size: 2048, head, replaceEtag: existing?.etag });
    expect(replace.status).toBe(200);
    const { key, uploadId } = (await replace.json()) as { key: string; uploadId: string };
    expect((await post('/uploads/abort', { key, uploadId })).status).toBe(200);
  });

  it('stores validated session parameters and reprocesses a movie over the gateway', async () => {
    const bad = await api('/sessions/ui/s1/params', { method: 'PUT', body: JSON.stringify({ pixelSizeA: -1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/session parameters: pixelSizeA: .*>0/);
    const ok = await api('/sessions/ui/s1/params', { method: 'PUT', body: JSON.stringify({ pixelSizeA: 0.83, voltageKv: 200 }) });
    expect(ok.status).toBe(200);
    expect(await (await api('/sessions/ui/s1/params')).json()).toMatchObject({ pixelSizeA: 0.83, voltageKv: 200, csMm: 2.7 });
    const gain = await api('/sessions/ui/s1/gain?name=gain.mrc&rotate=1&flip=2', { method: 'PUT', body: mrcMovie(32, 1, 9).slice(), headers: { 'content-type': 'application/octet-stream' } });
    expect(await gain.json()).toMatchObject({ pixelSizeA: 0.83, gain: { key: 'params/ui/s1/gain/gain.mrc', rotate: 1, flip: 2 } });

    // Recomputed means the result records the new parameters: Last-Modified has one-second resolution,
    // so a rerun within the same second as the first run cannot be told apart by time. A rerun
    // uncommits the old result JSON first, so it is absent while the step runs.
    const re = await post('/sessions/ui/s1/reprocess', { movies: ['m1'] });
    expect(re.status).toBe(202);
    expect(await re.json()).toMatchObject({ queued: ['raw/ui/s1/m1.mrc'] });
    const recomputed = await waitFor(async () => {
      const key = 'processed/ui/s1/motioncor/m1.json';
      const body = await stack.store.getBytes(key).catch((err: unknown) => { if (err instanceof NotFoundError) return null; throw err; });
      if (!body) return false;
      const result = JSON.parse(new TextDecoder().decode(body)) as { parameters: { pixelSizeA: number; gain: { key: string } | null } };
      return result.parameters.pixelSizeA === 0.83 && result.parameters;
    }, 'motioncor recomputed with the new parameters', 30_000);
    expect(recomputed.gain).toMatchObject({ key: 'params/ui/s1/gain/gain.mrc', rotate: 1, flip: 2 });
    const missing = await post('/sessions/ui/s1/reprocess', { movies: ['nope'] });
    expect(missing.status).toBe(404);
    // Reprocessing a whole session must be asked for in so many words; a cross-site form cannot ask at all.
    expect((await post('/sessions/ui/s1/reprocess', {})).status).toBe(400);
    expect((await api('/sessions/ui/s1/reprocess', { method: 'POST', body: '{"all":true}', headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });
});
