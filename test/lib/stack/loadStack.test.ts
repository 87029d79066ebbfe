import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envsubst, handlerDir, loadStack, maxInflight, minReplicas, retryAttempts, retryCodes } from '../../../lib/stack/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'stack-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const minimal = (fn: string) => `version: 1.0\nprovider:\n  name: openfaas\nfunctions:\n${fn}`;

describe('envsubst', () => {
  it.each([
    ['${A}', { A: 'x' }, 'x'],
    ['${A}', {}, ''],
    ['${A:-d}', {}, 'd'],
    ['${A:-d}', { A: '' }, 'd'],
    ['${A-d}', { A: '' }, ''],
    ['${A-d}', {}, 'd'],
    ['img:${TAG:-0.1.0}-${A}', { A: 'gpu' }, 'img:0.1.0-gpu'],
    ['$A stays', { A: 'x' }, '$A stays'],
  ])('%s with %j → %s', (text, env, out) => expect(envsubst(text, { env })).toBe(out));
});

describe('loadStack', () => {
  it('substitutes variables, turns scalars into strings and resolves the handler folder', async () => {
    const file = write(
      'ok.yml',
      `version: 1.0\nprovider:\n  name: openfaas\n  gateway: \${GW:-http://127.0.0.1:8080}\nfunctions:\n  step-a:\n    lang: dockerfile\n    handler: ./a\n    image: r/a:\${TAG}\n    environment:\n      N: 3\n      EMPTY:\n    labels:\n      com.openfaas.scale.min: 2\n      com.openfaas.queue.max_inflight: 4\n    annotations:\n      com.openfaas.retry.attempts: 7\n      com.openfaas.retry.codes: 502, 503\n`,
    );
    const stack = await loadStack(file, { TAG: '1.2' });
    const fn = stack.functions['step-a'];
    expect(stack.provider.gateway).toBe('http://127.0.0.1:8080');
    expect(fn.image).toBe('r/a:1.2');
    expect(fn.environment).toEqual({ N: '3', EMPTY: '' });
    expect(handlerDir(stack, 'step-a')).toBe(path.join(dir, 'a'));
    expect([minReplicas('step-a', fn), maxInflight('step-a', fn), retryAttempts('step-a', fn), retryCodes('step-a', fn)]).toEqual([2, 4, 7, [502, 503]]);
  });

  it('merges environment_file maps over inline values, later files winning', async () => {
    write('env1.yml', 'environment:\n  A: one\n  B: one\n');
    write('env2.yml', 'environment:\n  B: two\n');
    const file = write('envfile.yml', minimal('  f:\n    lang: dockerfile\n    handler: ./f\n    image: f\n    environment:\n      A: inline\n      C: inline\n    environment_file:\n      - env1.yml\n      - env2.yml\n'));
    expect((await loadStack(file, {})).functions.f.environment).toEqual({ A: 'one', B: 'two', C: 'inline' });
  });

  it.each([
    ['no image', minimal('  f:\n    lang: dockerfile\n    handler: ./f\n'), 'functions.f.image: '],
    ['a bad name', minimal('  Bad_Name:\n    lang: dockerfile\n    handler: ./f\n    image: f\n'), 'a function name is a DNS label'],
    ['an unknown field', minimal('  f:\n    lang: dockerfile\n    handler: ./f\n    image: f\n    replicas: 3\n'), 'functions.f: Unrecognized key: "replicas"'],
    ['a bad memory limit', minimal('  f:\n    lang: dockerfile\n    handler: ./f\n    image: f\n    limits:\n      memory: lots\n'), 'functions.f.limits.memory: memory like "512Mi"'],
    ['another provider', 'version: 1.0\nprovider:\n  name: lambda\nfunctions: {}\n', 'provider.name: '],
  ])('rejects %s, naming the field', async (_what, text, message) => {
    const file = write('bad.yml', text);
    await expect(loadStack(file, {})).rejects.toThrow(message);
  });

  it('names a label that is not a positive integer', async () => {
    const file = write('lbl.yml', minimal('  f:\n    lang: dockerfile\n    handler: ./f\n    image: f\n    labels:\n      com.openfaas.queue.max_inflight: zero\n'));
    const fn = (await loadStack(file, {})).functions.f;
    expect(() => maxInflight('f', fn)).toThrow('function "f" com.openfaas.queue.max_inflight: expected an integer >= 1, got "zero"');
  });
});

describe('loadStack timeouts (host deadline before the watchdog\'s)', () => {
  const fn = (env: string) => minimal(`  f:\n    lang: dockerfile\n    handler: ./f\n    image: f\n    environment:\n${env}`);

  it('refuses a handler_timeout that does not end 5 s before exec_timeout, naming the function', async () => {
    const file = write('t1.yml', fn('      exec_timeout: 2m\n      handler_timeout: 2m\n'));
    await expect(loadStack(file, {})).rejects.toThrow('functions.f.environment: handler_timeout 2m: must be at most exec_timeout 2m − 5 s');
  });

  it('refuses an exec_timeout of 5 s or less and a write_timeout below exec_timeout', async () => {
    await expect(loadStack(write('t2.yml', fn('      exec_timeout: 5s\n')), {})).rejects.toThrow('functions.f.environment: exec_timeout 5s: must be longer than 5 s');
    await expect(loadStack(write('t3.yml', fn('      exec_timeout: 2m\n      write_timeout: 1m\n')), {})).rejects.toThrow('functions.f.environment: write_timeout 1m: shorter than exec_timeout 2m');
  });

  it('checks the environment after environment_file values are merged in', async () => {
    write('t4env.yml', 'environment:\n  handler_timeout: 3m\n');
    const file = write('t4.yml', fn('      exec_timeout: 2m\n') + '    environment_file:\n      - t4env.yml\n');
    await expect(loadStack(file, {})).rejects.toThrow(`stack file "${file}": functions.f.environment: handler_timeout 3m: must be at most exec_timeout 2m − 5 s`);
  });
});
