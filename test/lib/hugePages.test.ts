import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HUGE_PAGE_TUNABLE, hugePagesRequested, withHugePages } from '../../lib/hugePages.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
/** This process's environment without any GLIBC_TUNABLES (the test runner's own must not leak into the cases). */
const bare = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'GLIBC_TUNABLES'));

describe('hugePagesRequested / withHugePages', () => {
  it('reads glibc.malloc.hugetlb among the other tunables, and only a value of 1 or 2', () => {
    expect(hugePagesRequested({})).toBe(false);
    expect(hugePagesRequested({ GLIBC_TUNABLES: 'glibc.malloc.check=0:glibc.malloc.hugetlb=1' })).toBe(true);
    expect(hugePagesRequested({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=2' })).toBe(true);
    expect(hugePagesRequested({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' })).toBe(false);
    expect(hugePagesRequested({ GLIBC_TUNABLES: 'xglibc.malloc.hugetlb=1' })).toBe(false);
  });

  it('adds the tunable in front of the caller\'s, and leaves an environment that has it alone', () => {
    expect(withHugePages({ A: 'b' })).toEqual({ A: 'b', GLIBC_TUNABLES: HUGE_PAGE_TUNABLE });
    expect(withHugePages({ GLIBC_TUNABLES: 'glibc.malloc.check=0' }).GLIBC_TUNABLES).toBe(`${HUGE_PAGE_TUNABLE}:glibc.malloc.check=0`);
    const has = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=2' };
    expect(withHugePages(has)).toBe(has);
  });
});

describe('every place a long or heavy process starts asks for huge pages', () => {
  it('bin/cryoem-daq.mjs run as a program (its shebang) has them on and keeps the caller\'s tunables; `node bin/…` has them off', async () => {
    const own = await run(`${ROOT}bin/cryoem-daq.mjs`, ['version'], { env: bare() });
    expect(own.stdout).toMatch(/malloc huge pages on\)$/m);
    const kept = await run(`${ROOT}bin/cryoem-daq.mjs`, ['version'], { env: { ...bare(), GLIBC_TUNABLES: 'glibc.malloc.check=0' } });
    expect(kept.stdout).toMatch(/malloc huge pages on\)$/m);
    const plain = await run(process.execPath, [`${ROOT}bin/cryoem-daq.mjs`, 'version'], { env: bare() });
    expect(plain.stdout).toMatch(/malloc huge pages off\)$/m);
  });

  it('`npm start` (the single-machine stack) starts node with them, the caller\'s tunables after', async () => {
    const start = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;
    const [prefix] = start.split(' node ');
    expect(start).toBe(`${prefix} node --import tsx single-machine/main.ts`);
    // The script's own environment assignment, run by sh as npm runs it, on a stand-in for the stack.
    const shown = await run('sh', ['-c', `${prefix} node -e "process.stdout.write(process.env.GLIBC_TUNABLES ?? '')"`], { env: { ...bare(), GLIBC_TUNABLES: 'glibc.malloc.check=0' } });
    expect(shown.stdout).toBe(`${HUGE_PAGE_TUNABLE}:glibc.malloc.check=0`);
    const alone = await run('sh', ['-c', `${prefix} node -e "process.stdout.write(process.env.GLIBC_TUNABLES ?? '')"`], { env: bare() });
    expect(alone.stdout).toBe(HUGE_PAGE_TUNABLE);
  });

  it('the function images set it for the function host', () => {
    const text = readFileSync(`${ROOT}functions/Dockerfile`, 'utf8');
    const value = /GLIBC_TUNABLES="([^"]*)"/.exec(text)?.[1];
    expect(hugePagesRequested({ GLIBC_TUNABLES: value })).toBe(true);
  });
});
