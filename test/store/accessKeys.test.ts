// More than one credential: keys made with `cryoem-daq store key create` work at once, within their policy only,
// stop working when revoked (no restart), and their secrets are not in the table file in clear.
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyTableLookup } from '../../lib/store/keyTableLookup.js';
import { startFixture } from './support/storeFixture.js';
import type { StoreFixture } from './support/storeFixture.js';

const run = promisify(execFile);
let fx: StoreFixture;
let table: string;

beforeAll(async () => {
  fx = await startFixture({ lookup: (id) => keyTableLookup(table)(id) });
  table = join(fx.root, 'store-keys.json');
});
afterAll(() => fx.close());

const cli = (...args: string[]) => run(process.execPath, ['bin/cryoem-daq.mjs', 'store', 'key', ...args, '--table', table]);
const clientFor = (accessKeyId: string, secretAccessKey: string) => new S3Client({ endpoint: fx.store.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });

describe('cryoem-daq store key', () => {
  it('a raw/exp1/* read,write key writes raw/exp1/…, gets 403 on raw/exp2/… and on delete; revoked, it gets 403', async () => {
    const created = JSON.parse((await cli('create', '--prefix', 'raw/exp1/*', '--allow', 'read,write', '--description', 'microscope PC')).stdout) as { accessKeyId: string; secretAccessKey: string };
    const s3 = clientFor(created.accessKeyId, created.secretAccessKey);
    await s3.send(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/exp1/s1/m.tif', Body: 'movie' }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/exp1/s1/m.tif' }))).Body?.transformToString()).toBe('movie');
    await expect(s3.send(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/exp2/s1/m.tif', Body: 'x' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(s3.send(new DeleteObjectCommand({ Bucket: 'cryoem', Key: 'raw/exp1/s1/m.tif' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await cli('list')).stdout).toMatch(new RegExp(`${created.accessKeyId}  active  cryoem/\\{raw/exp1/\\*\\}  read,write  microscope PC`));

    await cli('revoke', created.accessKeyId);
    await expect(s3.send(new GetObjectCommand({ Bucket: 'cryoem', Key: 'raw/exp1/s1/m.tif' }))).rejects.toMatchObject({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } });
    expect((await cli('list')).stdout).toContain(`${created.accessKeyId}  revoked`);
  }, 60_000);

  it('keeps secrets sealed at rest in 0600 files', async () => {
    const created = JSON.parse((await cli('create', '--allow', 'read')).stdout) as { secretAccessKey: string };
    expect(await readFile(table, 'utf8')).not.toContain(created.secretAccessKey);
    expect((await stat(table)).mode & 0o777).toBe(0o600);
    expect((await stat(`${table}.master`)).mode & 0o777).toBe(0o600);
  }, 30_000);

  it('says which table is missing and refuses an unknown action', async () => {
    await expect(run(process.execPath, ['bin/cryoem-daq.mjs', 'store', 'key', 'list'], { env: { PATH: process.env.PATH } })).rejects.toMatchObject({ stderr: expect.stringContaining('no key table: pass --table <file> or set STORE_KEY_TABLE') });
    await expect(cli('create', '--allow', 'admin')).rejects.toMatchObject({ code: 1 });
  }, 30_000);
});
