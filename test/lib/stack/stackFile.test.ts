import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseInputKey, STEPS } from '../../../lib/events/pipeline.js';
import { parseDuration } from '../../../lib/config/index.js';
import { hostDeadlineMs } from '../../../lib/host/index.js';
import { loadStack, MAX_INFLIGHT_LABEL, maxInflight, minReplicas, TOPIC_ANNOTATION, topicMatcher } from '../../../lib/stack/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const stack = await loadStack(path.join(ROOT, 'stack.yml'), {});
// ctffind's CPU implementation needs no GPU; a site that builds CTFFIND into its image adds the constraint.
const GPU_STEPS = new Set(['motioncor']);

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
