// Parameters form helpers: empty inputs fall back to defaults, server messages land on their fields.
import { describe, expect, it } from 'vitest';
import { problemsFromMessage, setPath } from '../../dashboard/web/settingsPaths.js';

describe('parameters form helpers', () => {
  it('an emptied input removes the field so the default applies; nested fields are set in place', () => {
    const a = setPath({ pixelSizeA: 1 }, 'ctfSearch.maxResA', '4.5');
    expect(a).toEqual({ pixelSizeA: 1, ctfSearch: { maxResA: 4.5 } });
    expect(setPath(a, 'ctfSearch.maxResA', '')).toEqual({ pixelSizeA: 1 });
    expect(setPath({ pickThreshold: 0.2 }, 'pickThreshold', ' ')).toEqual({});
  });

  it('maps the server 400 text to messages per field', () => {
    expect(problemsFromMessage('session parameters: pickThreshold: pick threshold must be ≤ 1; ctfSearch.maxResA: CTF resolution range: x')).toEqual({
      pickThreshold: 'pick threshold must be ≤ 1', 'ctfSearch.maxResA': 'CTF resolution range: x',
    });
  });
});
