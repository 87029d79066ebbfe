// `npm start` entry point on a fresh data folder: seeds the demo movie and reports it processed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/processes.js';

let dir = '';
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

describe('npm start', () => {
  it('reaches "demo movie processed" on a fresh data folder and exits cleanly', async () => {
    dir = await mkdtemp(join(tmpdir(), 'e2e-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'single-machine/main.ts', '--exit-after-demo'], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CRYOEM_DATA_DIR: join(dir, 'data'), STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 55_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    expect(code, stderr.slice(-3000)).toBe(0);
    expect(stdout).toContain(`credentials (S3 keys, gateway basic auth, webhook token): ${join(dir, 'data', 'secrets')}/`);
    expect(stdout).toMatch(/demo: motioncor done[\s\S]*demo: ctffind done[\s\S]*demo: pick done[\s\S]*demo: finalize done[\s\S]*demo movie processed/);
    expect((await readdir(join(dir, 'data', 'secrets'))).sort()).toEqual(['basic-auth-password', 'basic-auth-user', 's3-access-key-id', 's3-secret-access-key', 'webhook-token']);
  });

  it('stops every function process on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'single-machine/main.ts', '--no-demo'], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CRYOEM_DATA_DIR: join(dir, 'data'), STORE_PORT: '0', GATEWAY_PORT: '0', CONNECTOR_PORT: '0' },
    });
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); if (stdout.includes('connector  http')) resolve(); });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before starting`)));
    });
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)]).toString().split(/\s+/).filter(Boolean).map(Number);
    expect(children.length).toBeGreaterThanOrEqual(4); // one host process per function
    child.kill('SIGINT');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    const alive = children.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } });
    expect(alive).toEqual([]);
  });
});
