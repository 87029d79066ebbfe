// Tests that the HSM tools are called with the right arguments (stand-in executables on PATH), or recorded as pending.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPendingTape, applyTapePolicy, parseTapePolicy, readTapeStatus } from '../../../lib/tape/index.js';

let dir: string;
let bin: string;
let session: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tape-'));
  bin = join(dir, 'bin');
  session = join(dir, 'gpfs/e/s');
  await mkdir(bin, { recursive: true });
  await mkdir(session, { recursive: true });
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const policy = parseTapePolicy([
  'version: 1', 'pools: { hsm: { exec: /var/mmfs/etc/mmpolicyExec-hsm } }', 'classes:',
  '  - { name: raw, paths: [raw/], pool: hsm, premigrate: true, migrateAfterDays: 30 }',
  '  - { name: aligned, paths: [motioncor/], names: ["%.mrc"], pool: hsm, migrateAfterDays: 90 }',
].join('\n'));

/** A stand-in tool that appends its argv (one per line, NUL-separated) to <dir>/<name>.calls. */
async function standIn(name: string, exitCode = 0): Promise<void> {
  await writeFile(join(bin, name), `#!/bin/sh\nprintf '%s\\0' "$@" >> "${join(dir, `${name}.calls`)}"\nprintf '\\n' >> "${join(dir, `${name}.calls`)}"\necho "${name} ran"\nexit ${exitCode}\n`);
  await chmod(join(bin, name), 0o755);
}
async function calls(name: string): Promise<string[][]> {
  const text = await readFile(join(dir, `${name}.calls`), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => l.split('\0').slice(0, -1));
}

describe('applyTapePolicy', () => {
  it('runs mmapplypolicy on the session and dsmmigrate -premigrate on the new premigrate-class files', async () => {
    await standIn('mmapplypolicy');
    await standIn('dsmmigrate');
    const out = await applyTapePolicy(policy, { sessionDir: session, newFiles: ['raw/m1.tif', 'motioncor/m1.mrc', 'ctf/m1.txt'] }, { pathVar: bin });
    const pol = join(session, 'tape-policy.pol');
    expect(await calls('mmapplypolicy')).toEqual([[session, '-P', pol, '-I', 'yes']]);
    expect(await calls('dsmmigrate')).toEqual([['-premigrate', '-Detail', join(session, 'raw/m1.tif')]]);
    expect(out.commands.map((c) => [c.tool, c.status, c.output.trim()])).toEqual([['mmapplypolicy', 'applied', 'mmapplypolicy ran'], ['dsmmigrate', 'applied', 'dsmmigrate ran']]);
    expect(await readFile(pol, 'utf8')).toContain("RULE 'raw-premigrate' MIGRATE FROM POOL 'system' THRESHOLD(0,100,0) TO POOL 'hsm'");
    expect((await readTapeStatus(session)).pending).toEqual([]);
  });

  it('records missing tools as pending and runs them once they exist', async () => {
    const out = await applyTapePolicy(policy, { sessionDir: session, newFiles: ['raw/m1.tif'] }, { pathVar: bin });
    expect(out.commands.map((c) => [c.tool, c.status, c.output])).toEqual([
      ['mmapplypolicy', 'pending', 'mmapplypolicy: not found on PATH'], ['dsmmigrate', 'pending', 'dsmmigrate: not found on PATH'],
    ]);
    await applyTapePolicy(policy, { sessionDir: session, newFiles: ['raw/m2.tif'] }, { pathVar: bin });
    const pending = (await readTapeStatus(session)).pending.map((p) => p.argv.slice(1));
    expect(pending).toEqual([
      [session, '-P', join(session, 'tape-policy.pol'), '-I', 'yes'],
      ['-premigrate', '-Detail', join(session, 'raw/m1.tif')],
      ['-premigrate', '-Detail', join(session, 'raw/m2.tif')],
    ]);
    await standIn('mmapplypolicy');
    await standIn('dsmmigrate', 2);
    const states = await applyPendingTape(session, { pathVar: bin });
    expect(states.map((s) => [s.tool, s.status, s.exitCode])).toEqual([['mmapplypolicy', 'applied', 0], ['dsmmigrate', 'failed', 2], ['dsmmigrate', 'failed', 2]]);
    expect(await calls('dsmmigrate')).toEqual([['-premigrate', '-Detail', join(session, 'raw/m1.tif')], ['-premigrate', '-Detail', join(session, 'raw/m2.tif')]]);
    expect((await readTapeStatus(session)).pending.map((p) => [p.tool, p.status])).toEqual([['dsmmigrate', 'failed'], ['dsmmigrate', 'failed']]);
  });
});
