// Data at rest is private: objects 0600 in 0700 folders whatever the umask, and a loose data folder is reported.
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log.js';
import { startStoreService } from '../../store/storeService.js';
import { walk } from './support/storeFixture.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'store-modes-')); });
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('store data modes', () => {
  it('writes objects 0600 in 0700 folders and warns about a group/world-readable data folder', async () => {
    const dataDir = join(dir, 'data');
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    const lines: string[] = [];
    const service = await startStoreService({ dataDir, queueDir: join(dir, 'events'), host: '127.0.0.1', port: 0, region: 'us-east-1', accessKeyId: 'K', secretAccessKey: 'S', buckets: ['cryoem'], log: createLogger('store', {}, (l) => lines.push(l)) });
    try {
      expect(lines.join('')).toContain('store data folder is readable by group or others');
      expect(lines.join('')).toContain('"mode":"755"');
      const s3 = new S3Client({ endpoint: service.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'K', secretAccessKey: 'S' } });
      await s3.send(new PutObjectCommand({ Bucket: 'cryoem', Key: 'raw/e/s/new/m.tif', Body: 'x' }));
      const files = (await walk(dataDir)).filter((f) => f.startsWith('cryoem/raw/e/s/new/'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect({ f, mode: (await stat(join(dataDir, f))).mode & 0o777 }).toEqual({ f, mode: 0o600 });
      expect((await stat(join(dataDir, 'cryoem/raw/e/s/new'))).mode & 0o777).toBe(0o700);
    } finally {
      await service.stop();
    }
  });
});
