import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../lib/config/index.js';
import { STEPS } from '../../lib/events/pipeline.js';
import { loadHostConfig } from '../../lib/host/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Dockerfile instructions with line continuations joined. */
function instructions(file: string): { op: string; args: string }[] {
  const text = readFileSync(file, 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const ins = instructions(path.join(ROOT, 'functions', 'Dockerfile'));
const env = Object.fromEntries(ins.filter((i) => i.op === 'ENV').flatMap((i) => [...i.args.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])));
const froms = ins.filter((i) => i.op === 'FROM').map((i) => i.args);
const withStep = (text: string, step: string) => text.replaceAll('${STEP}', step);

describe('functions/Dockerfile', () => {
  it('is the only Dockerfile: one per repository, the step chosen by a build argument', () => {
    for (const step of STEPS) expect(existsSync(path.join(ROOT, 'functions', step, 'Dockerfile'))).toBe(false);
    expect(ins.some((i) => i.op === 'ARG' && i.args === 'STEP')).toBe(true);
    expect(ins.find((i) => i.op === 'RUN' && i.args.includes('case "$STEP"'))?.args).toContain(STEPS.join('|'));
  });

  it('runs of-watchdog 0.10.9 in HTTP mode in front of the function host on its default port, ready only when the host is', () => {
    expect(froms[0]).toBe('ghcr.io/openfaas/of-watchdog:0.10.9 AS watchdog');
    expect(env.mode).toBe('http');
    expect(new URL(env.upstream_url)).toMatchObject({ hostname: '127.0.0.1', port: String(loadHostConfig({}).port) });
    expect(env.ready_path).toBe('/_/ready');
    expect(parseDuration(env.exec_timeout)).toBeGreaterThan(0);
    expect(ins.some((i) => i.op === 'CMD' && i.args === '["fwatchdog"]')).toBe(true);
    const health = ins.find((i) => i.op === 'HEALTHCHECK')?.args ?? '';
    expect(health).toContain('http://127.0.0.1:8080/_/ready');
    expect(health).not.toContain('/tmp/.lock');
    expect(health).toContain('--timeout=2s');
    // After SIGTERM the watchdog waits healthcheck_interval before refusing connections: short, or every scale-down waits write_timeout.
    expect(parseDuration(env.healthcheck_interval)).toBeLessThan(parseDuration(env.write_timeout));
  });

  it.each([...STEPS])('starts lib/host/main.ts on the %s handler and copies only paths that exist', (step) => {
    const fprocess = withStep(env.fprocess, step);
    expect(fprocess).toBe(`node --import tsx lib/host/main.ts functions/${step}/handler.ts`);
    for (const ts of fprocess.split(' ').filter((w) => w.endsWith('.ts'))) expect(existsSync(path.join(ROOT, ts))).toBe(true);
    const sources = ins.filter((i) => i.op === 'COPY' && !i.args.includes('--from=')).flatMap((i) => withStep(i.args, step).split(' ').filter((w) => !w.startsWith('--')).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(existsSync(path.join(ROOT, src)), src).toBe(true);
  });

  it('runs as a non-root user and installs dependencies without lifecycle scripts (prepare needs sources not copied yet)', () => {
    expect(ins.filter((i) => i.op === 'USER').map((i) => i.args)).toEqual(['app']);
    const installs = ins.filter((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(installs.length).toBe(1);
    expect(installs[0].args).toMatch(/npm ci --omit=dev --ignore-scripts\b/);
    expect(ins.some((i) => i.op === 'COPY' && /(^|\s)scripts\b/.test(i.args))).toBe(false);
  });

  it('builds FROM node:20 unless a CUDA base is asked for with a site binary', () => {
    expect(froms[froms.length - 1]).toBe('${BASE}');
    expect(ins.find((i) => i.op === 'ARG' && i.args.startsWith('BASE='))?.args).toMatch(/^BASE=node:20-/);
    for (const arg of ['MOTIONCOR2_BIN', 'CTFFIND_BIN']) {
      expect(ins.some((i) => i.op === 'ARG' && i.args === `${arg}=""`)).toBe(true);
      expect(env[arg]).toMatch(new RegExp(`^\\$\\{${arg}:\\+/opt/`));
    }
  });
});

describe('.dockerignore', () => {
  it('keeps the data folder (secrets), git and local installs out of every build context', () => {
    const lines = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['.data', '**/.data', '.git', 'node_modules']) expect(lines).toContain(entry);
  });
});
