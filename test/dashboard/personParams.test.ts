// session.json saved from the dashboard holds only the fields the person sent, so unset optics stay open to the metadata.
import { describe, expect, it } from 'vitest';
import { givenOnly } from '../../dashboard/server/personParams.js';
import { SessionParams } from '../../lib/events/sessionParams.js';

describe('givenOnly', () => {
  it('keeps the validated values of the named fields and drops the defaults zod filled in', () => {
    const body = { pixelSizeA: 0.83, ctfSearch: { minResA: 30, maxResA: 5 } };
    expect(givenOnly(SessionParams.parse(body), body)).toEqual({ pixelSizeA: 0.83, ctfSearch: { minResA: 30, maxResA: 5 } });
  });
  it('a body that is not an object names nothing', () => {
    expect(givenOnly(SessionParams.parse({}), null)).toEqual({});
  });
});
