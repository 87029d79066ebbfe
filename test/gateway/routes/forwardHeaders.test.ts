import { describe, expect, it } from 'vitest';
import { forwardHeaders, pathBelowFunction } from '../../../gateway/routes/forwardHeaders.js';
import { statusOf, PayloadTooLargeError } from '../../../gateway/routes/httpErrors.js';
import { InvalidInputError } from '../../../lib/errors.js';

describe('pathBelowFunction', () => {
  it.each([
    ['/function/echo', '/'],
    ['/function/echo/', '/'],
    ['/function/echo?x=1', '/?x=1'],
    ['/function/echo.openfaas-fn/a/b?x=1', '/a/b?x=1'],
    ['/async-function/pick/status', '/status'],
  ])('%s → %s', (url, rest) => expect(pathBelowFunction(url)).toBe(rest));
});

describe('forwardHeaders', () => {
  it('drops hop-by-hop headers and the names asked for', () => {
    const out = forwardHeaders({ host: 'gw', connection: 'keep-alive', 'transfer-encoding': 'chunked', authorization: 'Basic x', 'content-type': 'text/plain', 'x-a': '1' }, ['authorization']);
    expect(out).toEqual({ 'content-type': 'text/plain', 'x-a': '1' });
  });
});

describe('statusOf', () => {
  it.each([
    [new InvalidInputError('x'), 400],
    [new PayloadTooLargeError('x'), 413],
    [Object.assign(new Error('x'), { status: 418 }), 418],
    [Object.assign(new Error('x'), { status: 99 }), 500],
    ['a string', 500],
  ])('%s → %i', (err, status) => expect(statusOf(err)).toBe(status));
});
