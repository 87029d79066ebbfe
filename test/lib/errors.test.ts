// Tests for the error hierarchy's helpers: HTTP status mapping and the cause chain's description.
import { describe, expect, it } from 'vitest';
import { describeError, httpStatusOf, InvalidInputError, ToolFailedError } from '../../lib/errors.js';

describe('describeError', () => {
  it('says a cause once when the outer message already quotes it', () => {
    const inner = new Error('IFD offset 335638 is past the end of the file (300000 bytes): truncated');
    const outer = new InvalidInputError(`TIFF movie "raw/adv/s1/trunc.tif": ${inner.message}`, { cause: inner });
    expect(describeError(outer)).toBe('TIFF movie "raw/adv/s1/trunc.tif": IFD offset 335638 is past the end of the file (300000 bytes): truncated');
  });

  it('joins causes the outer message does not mention', () => {
    const err = new ToolFailedError('copy of "raw/a.tif" failed', { cause: new Error('ENOSPC: no space left on device') });
    expect(describeError(err)).toBe('copy of "raw/a.tif" failed: ENOSPC: no space left on device');
  });

  it('describes a thrown non-Error value', () => {
    expect(describeError('plain')).toBe('plain');
    expect(httpStatusOf('plain')).toBe(500);
  });
});
