import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { COMMANDS } from '../../cli/commandRegistry.js';

const run = promisify(execFile);

describe('cryoem-daq CLI', () => {
  it('prints its version through the bin entry', async () => {
    const { stdout } = await run(process.execPath, ['bin/cryoem-daq.mjs', 'version']);
    expect(stdout).toMatch(/^cryoem-daq \d+\.\d+\.\d+ \(node v\d+/);
  });

  it('exits non-zero on an unknown command', async () => {
    await expect(run(process.execPath, ['bin/cryoem-daq.mjs', 'no-such-step'])).rejects.toMatchObject({ code: 1 });
  });

  it('registers every module of cli/commands, each under its file name', async () => {
    const files = readdirSync('cli/commands').filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
    expect(Object.keys(COMMANDS).sort()).toEqual(files);
    for (const name of files) expect(typeof (await COMMANDS[name]()).register).toBe('function');
  });
});
