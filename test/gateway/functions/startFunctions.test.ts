import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFunctions, type FunctionManager } from '../../../gateway/functions/startFunctions.js';
import { createLogger } from '../../../lib/log.js';
import { loadStack } from '../../../lib/stack/index.js';
import { FIXTURE_DIR, writeFixtureStack } from '../../fixtures/functions/fixtureStack.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'functions-test-'));
const log = createLogger('test', {}, () => {});
const managers: FunctionManager[] = [];

afterAll(async () => {
  await Promise.all(managers.map((m) => m.stop()));
  rmSync(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function echoPid(url: string): Promise<number> {
  return ((await (await fetch(url)).json()) as { pid: number }).pid;
}

describe('startFunctions', () => {
  it('starts com.openfaas.scale.min replicas, restarts a replica that dies, scales, and stops every process', async () => {
    const stack = await loadStack(writeFixtureStack(dir, ['echo']), {});
    const fns = await startFunctions(stack, { log, functionEnv: { LOG_LEVEL: 'error' } });
    managers.push(fns);
    await fns.waitAllReady(20_000);
    const echo = fns.get('echo')!;
    expect(echo.replicas.length).toBe(2);
    const pids = echo.replicas.map((r) => r.pid!);
    expect(new Set(pids).size).toBe(2);

    process.kill(pids[0], 'SIGKILL');
    // Once its exit is seen the dead replica is routed around, and it comes back under a new pid.
    await expect.poll(() => echo.availableReplicas()).toBe(1);
    expect(await echoPid(await echo.waitReady(5000))).toBe(pids[1]);
    await expect.poll(() => echo.availableReplicas(), { timeout: 20_000 }).toBe(2);
    expect(echo.replicas[0].restarts).toBe(1);
    expect(echo.replicas[0].pid).not.toBe(pids[0]);

    await echo.scale(3);
    await fns.waitAllReady(20_000);
    expect(echo.availableReplicas()).toBe(3);
    const all = echo.replicas.map((r) => r.pid!);

    await fns.stop();
    expect(echo.replicas.length).toBe(0);
    expect(all.filter(alive)).toEqual([]);
  });

  it('fails before starting anything when a handler file is missing, naming it', async () => {
    const stackPath = writeFixtureStack(dir, ['echo'], { echo: { handler: 'no-such-dir' } });
    const stack = await loadStack(stackPath, {});
    await expect(startFunctions(stack, { log })).rejects.toThrow(`function "echo": handler file "${path.join(FIXTURE_DIR, 'no-such-dir', 'handler.ts')}" not found`);
  });
});
