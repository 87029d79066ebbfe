import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('cryoem-daq CLI', () => {
  it('prints its version through the bin entry', async () => {
    const { stdout } = await run(process.execPath, ['bin/cryoem-daq.mjs', 'version']);
    expect(stdout).toMatch(/^cryoem-daq \d+\.\d+\.\d+ \(node v\d+/);
  });

  it('exits non-zero on an unknown command', async () => {
    await expect(run(process.execPath, ['bin/cryoem-daq.mjs', 'no-such-step'])).rejects.toMatchObject({ code: 1 });
  });
});
