// `cryoem-daq mirror` through the bin entry: a wrong share or an unreachable store fails at once and says so; no SDK noise.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
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
});
