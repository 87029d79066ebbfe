import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseInputKey, STEPS } from '../../../lib/events/pipeline.js';
import { hostDeadlineMs, loadHostConfig, parseDuration } from '../../../lib/host/index.js';
import { loadStack, MAX_INFLIGHT_LABEL, maxInflight, minReplicas, TOPIC_ANNOTATION, topicMatcher } from '../../../lib/stack/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const stack = await loadStack(path.join(ROOT, 'stack.yml'), {});
const GPU_STEPS = new Set(['motioncor', 'ctffind']);

const SAMPLE_KEYS = [
  'raw/e1/s1/m.tif', 'raw/e1/s1/grid2/sq/m_0001.tiff', 'raw/e1/s1/m.MRC', 'raw/e1/s1/m.eer', 'raw/e1/s1/.m.tif',
  'raw/e1/s1/m.png', 'raw/e1/m.tif', 'raw/m.tif', 'rawx/e1/s1/m.tif',
  'processed/e1/s1/motioncor/m.json', 'processed/e1/s1/motioncor/grid2/m.json', 'processed/e1/s1/motioncor/m.mrc',
  'processed/e1/s1/ctf/m.json', 'processed/e1/s1/ctf/m.txt', 'processed/e1/s1/picks/m.json', 'processed/e1/s1/picks/m.star',
  'processed/e1/s1/finalize/m.json', 'processed/e1/s1/errors/m.motioncor.json', 'processed/e1/motioncor/m.json',
  'params/e1/s1/session.json',
];

describe('stack.yml', () => {
  it('declares exactly the pipeline steps, as dockerfile functions with their own image and handler', () => {
    expect(stack.provider).toEqual({ name: 'openfaas', gateway: 'http://127.0.0.1:8080' });
    expect(Object.keys(stack.functions)).toEqual([...STEPS]);
    for (const step of STEPS) {
      const fn = stack.functions[step];
      expect(fn.lang).toBe('dockerfile');
      expect(fn.handler).toBe(`./functions/${step}`);
      expect(fn.image).toMatch(new RegExp(`^ghcr\\.io/[^/]+/cryoem-daq-${step}:\\d+\\.\\d+\\.\\d+$`));
      expect(minReplicas(step, fn)).toBeGreaterThanOrEqual(1);
      expect(fn.labels[MAX_INFLIGHT_LABEL]).toBeDefined();
      expect(maxInflight(step, fn)).toBeGreaterThanOrEqual(1);
      expect(fn.limits?.memory).toBeDefined();
      expect(parseDuration(fn.environment.exec_timeout)).toBeGreaterThan(0);
      expect(fn.constraints ?? []).toEqual(GPU_STEPS.has(step) ? ['node.labels.gpu == true'] : []);
    }
  });

  it('gives every function host a deadline 5 s before its watchdog\'s exec_timeout', () => {
    const deadlines = Object.fromEntries(STEPS.map((step) => [step, hostDeadlineMs(stack.functions[step].environment)]));
    expect(deadlines).toEqual({ motioncor: 295_000, ctffind: 115_000, pick: 115_000, finalize: 295_000 });
  });

  it.each([...STEPS])('topic of %s matches exactly the keys parseInputKey accepts for it', (step) => {
    const matches = topicMatcher(stack.functions[step].annotations[TOPIC_ANNOTATION]);
    const table = SAMPLE_KEYS.map((key) => [key, matches(key), parseInputKey(step, key) !== null]);
    expect(table.filter(([, a, b]) => a !== b)).toEqual([]);
    expect(table.some(([, a]) => a)).toBe(true);
  });
});

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

describe.each([...STEPS])('functions/%s/Dockerfile', (step) => {
  const file = path.join(ROOT, 'functions', step, 'Dockerfile');
  const ins = instructions(file);
  const env = Object.fromEntries(ins.filter((i) => i.op === 'ENV').flatMap((i) => [...i.args.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])));
  const froms = ins.filter((i) => i.op === 'FROM').map((i) => i.args);

  it('runs of-watchdog 0.10.9 in HTTP mode in front of the function host on its default port', () => {
    expect(froms[0]).toBe('ghcr.io/openfaas/of-watchdog:0.10.9 AS watchdog');
    expect(env.mode).toBe('http');
    expect(new URL(env.upstream_url)).toMatchObject({ hostname: '127.0.0.1', port: String(loadHostConfig({}).port) });
    expect(parseDuration(env.exec_timeout)).toBeGreaterThan(0);
    expect(ins.some((i) => i.op === 'CMD' && i.args === '["fwatchdog"]')).toBe(true);
  });

  it('starts lib/host/main.ts on the step handler, both files present in the repository', () => {
    expect(env.fprocess).toBe(`node --import tsx lib/host/main.ts functions/${step}/handler.ts`);
    for (const ts of env.fprocess.split(' ').filter((w) => w.endsWith('.ts'))) expect(existsSync(path.join(ROOT, ts))).toBe(true);
  });

  it('copies only paths that exist, runs as a non-root user, and has a lock-file HEALTHCHECK', () => {
    const sources = ins.filter((i) => i.op === 'COPY' && !i.args.includes('--from=')).flatMap((i) => i.args.split(' ').filter((w) => !w.startsWith('--')).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(existsSync(path.join(ROOT, src)), src).toBe(true);
    expect(ins.filter((i) => i.op === 'USER').map((i) => i.args)).toEqual(['app']);
    expect(ins.find((i) => i.op === 'HEALTHCHECK')?.args).toContain('/tmp/.lock');
  });

  it('installs dependencies without running package.json lifecycle scripts (its prepare needs sources not copied yet)', () => {
    const installs = ins.filter((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(installs.length).toBe(1);
    expect(installs[0].args).toMatch(/npm ci --omit=dev --ignore-scripts\b/);
    const copiesScripts = ins.some((i) => i.op === 'COPY' && /(^|\s)scripts\b/.test(i.args));
    expect(copiesScripts).toBe(false);
  });

  it(GPU_STEPS.has(step) ? 'builds FROM a CUDA runtime with a build arg for the site binary' : 'builds FROM node:20', () => {
    const final = froms[froms.length - 1];
    if (GPU_STEPS.has(step)) {
      const arg = step === 'motioncor' ? 'MOTIONCOR2_BIN' : 'CTFFIND_BIN';
      expect(final).toBe('${CUDA_IMAGE}');
      expect(ins.find((i) => i.op === 'ARG' && i.args.startsWith('CUDA_IMAGE='))?.args).toMatch(/^CUDA_IMAGE=nvidia\/cuda:[\d.]+-runtime-/);
      expect(ins.some((i) => i.op === 'ARG' && i.args === `${arg}=""`)).toBe(true);
      expect(env[arg]).toMatch(new RegExp(`^\\$\\{${arg}:\\+/opt/`));
    } else expect(final).toMatch(/^node:20-/);
  });
});
