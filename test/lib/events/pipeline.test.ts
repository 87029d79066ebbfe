import { describe, expect, it } from 'vitest';
import { errorKey, parseInputKey, rawPrefix, resultKey, sessionParamsKey, stepOutputKeys, stepsTriggeredBy } from '../../../lib/events/pipeline.js';

describe('parseInputKey', () => {
  it.each([
    ['raw/exp1/s1/movie_001.tif', { experiment: 'exp1', session: 's1', movie: 'movie_001' }],
    ['raw/exp1/s1/Grid1/Data/FoilHole_1.EER', { experiment: 'exp1', session: 's1', movie: 'Grid1/Data/FoilHole_1' }],
    ['raw/exp1/s1/a.b.mrc', { experiment: 'exp1', session: 's1', movie: 'a.b' }],
  ])('reads the movie of %s', (key, ref) => {
    expect(parseInputKey('motioncor', key)).toEqual(ref);
  });

  it.each([
    'raw/exp1/movie.tif', 'raw/exp1/s1/notes.txt', 'raw/exp1/s1/../x.tif', 'processed/e/s/motioncor/m.mrc',
    'raw/../s1/x.tif', 'raw/exp1/%2e%2e/x.tif', 'raw/exp1/s1/a%252e%252e/../x.tif', 'raw/exp1/s1/a\\b.tif', 'raw/e\u0000x/s1/m.tif',
    'raw/exp1/s1/%c0%ae%c0%ae/m.tif',
  ])(
    'rejects %s as a motioncor input',
    (key) => {
      expect(parseInputKey('motioncor', key)).toBeNull();
    },
  );

  it('chains each step on the previous step result', () => {
    const ref = { experiment: 'e', session: 's', movie: 'm' };
    expect(stepsTriggeredBy(resultKey('motioncor', ref))).toEqual([{ step: 'ctffind', ref }]);
    expect(stepsTriggeredBy(resultKey('ctffind', ref))).toEqual([{ step: 'pick', ref }]);
    expect(stepsTriggeredBy(resultKey('pick', ref))).toEqual([{ step: 'finalize', ref }]);
    expect(stepsTriggeredBy(resultKey('finalize', ref))).toEqual([]);
    expect(stepsTriggeredBy(errorKey('motioncor', ref))).toEqual([]);
  });
});

describe('stepOutputKeys', () => {
  it('puts the result JSON last', () => {
    const keys = Object.values(stepOutputKeys('motioncor', { experiment: 'e', session: 's', movie: 'a/m' }));
    expect(keys.at(-1)).toBe('processed/e/s/motioncor/a/m.json');
    expect(keys).toContain('processed/e/s/motioncor/a/m_noDW.mrc');
  });
});

describe('session segments', () => {
  it.each([
    ['..', 'experiment ".." has a ".." path segment'],
    ['a/b', 'experiment "a/b" contains a "/"'],
    ['%2e%2e', 'experiment "%2e%2e" has a ".." path segment'],
    ['', 'experiment "" is empty'],
  ])('refuses the experiment %j', (experiment, message) => {
    expect(() => rawPrefix({ experiment, session: 's' })).toThrow(message);
    expect(() => sessionParamsKey({ experiment, session: 's' })).toThrow(message);
  });
  it('takes a session spanning folders (ad-hoc prefixes) only when every folder is a safe segment', () => {
    expect(rawPrefix({ experiment: 'adhoc', session: 'erin/call-1' })).toBe('raw/adhoc/erin/call-1/');
    expect(() => rawPrefix({ experiment: 'e', session: 'erin/..' })).toThrow('session "erin/..": folder ".." has a ".." path segment');
    expect(() => rawPrefix({ experiment: 'e', session: 'erin//x' })).toThrow('folder "" is empty');
  });
});
