// `cryoem-daq mirror` through the bin entry: a wrong share or an unreachable store fails at once and says so; no SDK noise.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStoreFixture } from '../../lib/mirror/storeFixture.js';
import type { StoreFixture } from '../../lib/mirror/storeFixture.js';

const BIN = fileURLToPath(new URL('../../../bin/cryoem-daq.mjs', import.meta.url));
let fx: StoreFixture;
let dir = '';
beforeAll(async () => { fx = await startStoreFixture(); dir = await mkdtemp(join(tmpdir(), 'mirror-cli-')); });
afterAll(async () => { await fx.stop(); await rm(dir, { recursive: true, force: true }); });

/** Runs `cryoem-daq mirror` to its end. The SDK's quiet switch is left out of the child's environment, so the CLI must set it. */
async function mirror(args: string[], env: Record<string, string> = fx.env): Promise<{ code: number | null; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'));
  const child = spawn(process.execPath, [BIN, 'mirror', ...args], { env: { ...base, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stderr };
}

describe('cryoem-daq mirror', () => {
  it('mirrors an empty share once without the AWS SDK Node-version notice', async () => {
    // The SDK warns on Node < 22 only; on newer Node this passes either way.
    const share = join(dir, 'empty');
    await mkdir(share, { recursive: true });
    const out = await mirror([share, '--once', '--prefix', 'raw/e/s/']);
    expect(out.stderr).not.toContain('NodeVersionSupportWarning');
    expect(out.code).toBe(0);
  });

  it.each([
    ['a missing share', 'nope', 'does not exist'],
    ['a file given as the share', 'file.txt', 'is not a folder'],
  ])('exits non-zero at once on %s, naming the folder', async (_, name, problem) => {
    await writeFile(join(dir, 'file.txt'), 'x');
    const out = await mirror([join(dir, name), '--prefix', 'raw/x/y/']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`cryoem-daq mirror: share "${join(dir, name)}": ${problem}`);
    expect(out.stderr).not.toContain('waiting');
  });

  it('names the endpoint when nothing listens there', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const out = await mirror([dir, '--prefix', 'raw/x/y/', '--once'], { ...fx.env, S3_ENDPOINT: endpoint });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`cryoem-daq mirror: store ${endpoint} (bucket "cryoem"): not reachable`);
  });

  it('gives up on a store that accepts connections but never answers, after --store-timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => { sockets.push(s); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      const out = await mirror([dir, '--prefix', 'raw/x/y/', '--store-timeout', '1'], { ...fx.env, S3_ENDPOINT: endpoint });
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`cryoem-daq mirror: store ${endpoint} (bucket "cryoem"): not reachable within 1 s`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}
