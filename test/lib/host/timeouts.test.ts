import { describe, expect, it } from 'vitest';
import { hostDeadlineMs, loadHostConfig, timeoutProblems } from '../../../lib/host/index.js';

describe('host deadline = exec_timeout − 5 s', () => {
  it.each([
    [{ exec_timeout: '2m' }, 115_000],
    [{ exec_timeout: '5m' }, 295_000],
    [{}, 5_000],
    [{ exec_timeout: '0' }, 0],
    [{ exec_timeout: '2m', handler_timeout: '1m' }, 60_000],
  ])('%j → %i ms', (env, ms) => {
    expect(hostDeadlineMs(env)).toBe(ms);
    expect(timeoutProblems(env)).toEqual([]);
  });

  it.each([
    [{ exec_timeout: '5s' }, 'exec_timeout 5s: must be longer than 5 s, the host stops its handler 5 s before the watchdog'],
    [{ exec_timeout: '2m', handler_timeout: '2m' }, "handler_timeout 2m: must be at most exec_timeout 2m − 5 s, so the caller gets the host's JSON error, not the watchdog's empty 504"],
    [{ exec_timeout: '2m', handler_timeout: '0' }, "handler_timeout 0: must be at most exec_timeout 2m − 5 s, so the caller gets the host's JSON error, not the watchdog's empty 504"],
    [{ exec_timeout: '2m', write_timeout: '1m' }, 'write_timeout 1m: shorter than exec_timeout 2m, the watchdog would cut off a slow reply'],
    [{ exec_timeout: 'soon' }, 'exec_timeout: expected a Go duration like "10s", "5m" or "1m30s", got "soon"'],
  ])('refuses %j', (env, message) => {
    expect(timeoutProblems(env)).toEqual([message]);
  });

  it('makes the host refuse to start with conflicting timeouts, naming them', () => {
    expect(() => loadHostConfig({ exec_timeout: '1m', handler_timeout: '58s' })).toThrow('function host timeouts: handler_timeout 58s: must be at most exec_timeout 1m − 5 s');
  });
});
