import { describe, expect, it } from 'vitest';
import { functionsForKey, splitTopics, topicMatcher } from '../../../lib/stack/index.js';

describe('topics', () => {
  it('splits at commas outside braces', () => {
    expect(splitTopics('raw/**/*.{tif,mrc}, extra/*.json ,')).toEqual(['raw/**/*.{tif,mrc}', 'extra/*.json']);
  });

  it.each([
    ['raw/**/*.{tif,eer}', 'raw/e/s/m.tif', true],
    ['raw/**/*.{tif,eer}', 'raw/e/s/m.mrc', false],
    ['raw/**/*.{tif,eer},in/*.mrc', 'in/x.mrc', true],
    ['raw/**/*.tif', 'raw/e/.hidden.tif', true],
    ['', 'anything', false],
  ])('%s matches %s: %s', (topic, key, hit) => expect(topicMatcher(topic)(key)).toBe(hit));

  it('finds every function whose topic matches a key', () => {
    const fn = (topic?: string) => ({ annotations: topic ? { topic } : {} }) as never;
    const stack = { functions: { a: fn('x/*.json'), b: fn('x/**'), c: fn() } };
    expect(functionsForKey(stack, 'x/1.json')).toEqual(['a', 'b']);
    expect(functionsForKey(stack, 'y/1.json')).toEqual([]);
  });
});
