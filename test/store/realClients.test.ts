// The embedded store with the real clients users run: aws CLI and rclone work with the right secret; with a
// wrong secret each gets 403 SignatureDoesNotMatch and nothing is written.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ID, SECRET, startFixture, walk } from './support/storeFixture.js';
import type { StoreFixture } from './support/storeFixture.js';

const run = promisify(execFile);
let fx: StoreFixture;
let big: string;
let bigSha: string;

beforeAll(async () => {
  fx = await startFixture();
  big = join(fx.root, 'big.bin');
  const bytes = Buffer.alloc(64 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE(i, i); // not all zeros: a misplaced part shows
  await writeFile(big, bytes);
  bigSha = createHash('sha256').update(bytes).digest('hex');
}, 60_000);
afterAll(() => fx.close());

const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

function awsEnv(secret: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: fx.root, AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: secret, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
}
const aws = (secret: string, ...args: string[]) => run('aws', ['--endpoint-url', fx.store.url, ...args], { env: awsEnv(secret) });

function rcloneEnv(secret: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH, HOME: fx.root, RCLONE_CONFIG_S_TYPE: 's3', RCLONE_CONFIG_S_PROVIDER: 'Other', RCLONE_CONFIG_S_ACCESS_KEY_ID: KEY_ID,
    RCLONE_CONFIG_S_SECRET_ACCESS_KEY: secret, RCLONE_CONFIG_S_ENDPOINT: fx.store.url, RCLONE_CONFIG_S_REGION: 'us-east-1', RCLONE_CONFIG_S_FORCE_PATH_STYLE: 'true',
  };
}
const rclone = (secret: string, ...args: string[]) => run('rclone', ['--config', '/dev/null', '--retries', '1', '--low-level-retries', '1', '--s3-upload-cutoff', '8M', '--s3-chunk-size', '8M', ...args], { env: rcloneEnv(secret) });

describe('aws CLI against the signed store', () => {
  it('puts (multipart, 64 MB), lists, gets and deletes with the right secret', async () => {
    await aws(SECRET, 's3', 'cp', big, 's3://cryoem/raw/e/s/aws big.bin');
    const { stdout } = await aws(SECRET, 's3', 'ls', 's3://cryoem/raw/e/s/');
    expect(stdout).toContain(`${64 * 1024 * 1024} aws big.bin`);
    const back = join(fx.root, 'aws-back.bin');
    await aws(SECRET, 's3', 'cp', 's3://cryoem/raw/e/s/aws big.bin', back);
    expect(await sha(back)).toBe(bigSha);
    await aws(SECRET, 's3', 'rm', 's3://cryoem/raw/e/s/aws big.bin');
    expect((await aws(SECRET, 's3', 'ls', 's3://cryoem/raw/e/s/').catch(() => ({ stdout: '' }))).stdout).not.toContain('aws big.bin');
  }, 120_000);

  it('gets 403 SignatureDoesNotMatch with a wrong secret, and nothing is written', async () => {
    const before = await walk(fx.dataDir);
    const small = join(fx.root, 'small.txt');
    await writeFile(small, 'hello');
    await expect(aws(`${SECRET}x`, 's3', 'cp', small, 's3://cryoem/raw/e/s/wrong.txt')).rejects.toThrow(/SignatureDoesNotMatch|403|Forbidden/);
    await expect(aws(`${SECRET}x`, 's3', 'cp', big, 's3://cryoem/raw/e/s/wrong-big.bin')).rejects.toThrow(/SignatureDoesNotMatch|403|Forbidden/);
    await expect(aws(`${SECRET}x`, 's3', 'ls', 's3://cryoem/')).rejects.toThrow(/SignatureDoesNotMatch/);
    expect(await walk(fx.dataDir)).toEqual(before);
  }, 120_000);
});

describe('rclone against the signed store', () => {
  it('puts (multipart, 64 MB), lists, gets and deletes with the right secret', async () => {
    await rclone(SECRET, 'copyto', big, 's:cryoem/raw/e/s/rclone big.bin');
    expect((await rclone(SECRET, 'lsf', 's:cryoem/raw/e/s/')).stdout).toContain('rclone big.bin');
    const back = join(fx.root, 'rclone-back.bin');
    await rclone(SECRET, 'copyto', 's:cryoem/raw/e/s/rclone big.bin', back);
    expect(await sha(back)).toBe(bigSha);
    await rclone(SECRET, 'deletefile', 's:cryoem/raw/e/s/rclone big.bin');
    expect((await rclone(SECRET, 'lsf', 's:cryoem/raw/e/s/')).stdout).not.toContain('rclone big.bin');
  }, 120_000);

  it('gets 403 with a wrong secret, and nothing is written', async () => {
    const before = await walk(fx.dataDir);
    await expect(rclone(`${SECRET}x`, 'copyto', big, 's:cryoem/raw/e/s/wrong.bin')).rejects.toThrow(/SignatureDoesNotMatch|403/);
    expect(await walk(fx.dataDir)).toEqual(before);
  }, 120_000);
});
