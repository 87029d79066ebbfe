// Tests for the OpenFaaS-shaped step handler: body forms it accepts, and the status it answers.
import { describe, expect, it } from 'vitest';
import { queryEscape } from '../../../lib/events/notification.js';
import type { ObjectInfo, ObjectStore } from '../../../lib/store/index.js';
import { createStepHandler, requestsOf } from '../../../lib/steps/index.js';
import type { HandlerContext } from '../../../lib/steps/index.js';

/** A context recording what the handler answered. */
function recorder(): HandlerContext & { code: number; value: unknown } {
  const ctx = {
    code: 200,
    value: undefined as unknown,
    status(code: number) { ctx.code = code; return ctx; },
    succeed(value: unknown) { ctx.value = value; return value; },
  };
  return ctx;
}

/** A store where every input is missing, so runStep refuses with 404 without touching S3. */
const emptyStore: ObjectStore = {
  bucket: 'cryoem',
  head: async (): Promise<ObjectInfo | null> => null,
  getBytes: async () => new Uint8Array(0),
  getStream: async () => { throw new Error('unused'); },
  downloadToFile: async () => { throw new Error('unused'); },
  put: async () => ({ etag: '' }),
  uploadFile: async () => ({ etag: '' }),
  delete: async () => undefined,
  list: async function* () { /* nothing */ },
};

const def = { step: 'motioncor' as const, run: async () => { throw new Error('unused'); } };

describe('requestsOf', () => {
  it('reads a StepRequest given as a JSON string', () => {
    expect(requestsOf('{"bucket":"cryoem","key":"raw/e/s/a.tif"}')).toEqual([{ bucket: 'cryoem', key: 'raw/e/s/a.tif', force: false }]);
  });

  it('reads created objects from a notification and drops deletes', () => {
    const rec = (eventName: string, key: string) => ({ eventName, eventSource: 'minio:s3', s3: { bucket: { name: 'cryoem' }, object: { key: queryEscape(key), eTag: 'e1' } } });
    expect(requestsOf({ Records: [rec('s3:ObjectCreated:Put', 'raw/e/s/a b.tif'), rec('s3:ObjectRemoved:Delete', 'raw/e/s/c.tif')] }))
      .toEqual([{ bucket: 'cryoem', key: 'raw/e/s/a b.tif', etag: 'e1', force: false }]);
  });

  it.each([
    ['{"bucket":', /^request body: not JSON \(/],
    [{ bucket: 'cryoem' }, 'request body: key: Invalid input: expected string, received undefined'],
  ])('names the problem in a bad body %#', (body, message) => {
    expect(() => requestsOf(body)).toThrow(message);
  });
});

describe('createStepHandler', () => {
  it('answers 400 for a malformed body', async () => {
    const ctx = recorder();
    await createStepHandler(def, { store: emptyStore })({ body: 'nope' }, ctx);
    expect(ctx.code).toBe(400);
    expect(ctx.value).toMatchObject({ error: expect.stringMatching(/^request body: not JSON/) });
  });

  it('answers with the outcome of each request and the worst status', async () => {
    const ctx = recorder();
    await createStepHandler(def, { store: emptyStore })({ body: { bucket: 'cryoem', key: 'raw/e/s/a.tif' } }, ctx);
    expect(ctx.code).toBe(404);
    expect(ctx.value).toMatchObject({ outcomes: [{ status: 'failed', step: 'motioncor', key: 'raw/e/s/a.tif', httpStatus: 404 }] });
  });

  it('fails fast naming the missing S3 variable', async () => {
    const ctx = recorder();
    await expect(createStepHandler(def, { env: {} })({ body: { bucket: 'cryoem', key: 'raw/e/s/a.tif' } }, ctx)).rejects.toThrow('store config: S3_ENDPOINT is not set');
  });
});
