// The operations page's short cause: a step's JSON answer becomes the step's own error message.
import { describe, expect, it } from 'vitest';
import { readableCause } from '../../dashboard/web/opsPageCause.js';

describe('readableCause', () => {
  it.each([
    [
      'function "motioncor" answered 400: {"outcomes":[{"step":"motioncor","status":"failed","error":"movie \\"a.tif\\": not a movie"}]} (attempt 1 of 5)',
      'function "motioncor" answered 400: movie "a.tif": not a movie (attempt 1 of 5)',
    ],
    ['function "pick" answered 500: {"error":"boom","type":"Error"}', 'function "pick" answered 500: boom'],
    ['function "pick" answered 503: GPU busy (attempt 5 of 5)', 'function "pick" answered 503: GPU busy (attempt 5 of 5)'],
    ['function "pick" answered 500: {not json} (attempt 1 of 5)', 'function "pick" answered 500: {not json} (attempt 1 of 5)'],
    ['function "ctffind" could not be reached: ECONNREFUSED\nstack…', 'function "ctffind" could not be reached: ECONNREFUSED'],
  ])('%s', (cause, expected) => {
    expect(readableCause(cause)).toBe(expected);
  });
});
