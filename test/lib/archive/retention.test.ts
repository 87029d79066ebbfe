// Tests for bucket retention of raw movies: deletion only after a verified finalize and the minimum age.
import { describe, expect, it } from 'vitest';
import { rawRetentionDecision } from '../../../lib/archive/index.js';
import type { FinalizeEvidence } from '../../../lib/archive/index.js';
import type { ObjectInfo } from '../../../lib/store/index.js';

const DAY = 86_400_000;
const now = new Date('2024-03-01T00:00:00Z');
const raw: ObjectInfo = { key: 'raw/e/s/m.tif', size: 100, etag: 'abc', lastModified: new Date(now.getTime() - 30 * DAY), metadata: {} };
const file = { key: raw.key, etag: 'abc', path: 'raw/m.tif', size: 100, sha256: 'f'.repeat(64), status: 'copied' as const };
const evidence = (daysAgo: number, f = file): FinalizeEvidence => ({ timings: { startedAt: new Date(now.getTime() - daysAgo * DAY).toISOString() }, results: { files: [f] } });

describe('rawRetentionDecision', () => {
  it.each([
    ['not finalized', raw, null, false, 'not finalized'],
    ['finalize lists other files', raw, evidence(20, { ...file, key: 'raw/e/s/other.tif' }), false, 'finalize record does not list this object'],
    ['re-uploaded since', { ...raw, etag: 'new' }, evidence(20), false, 'archived copy is of another version (etag abc, size 100)'],
    ['finalized too recently', raw, evidence(13), false, 'finalized less than 14 days ago'],
    ['uploaded too recently', { ...raw, lastModified: new Date(now.getTime() - 2 * DAY) }, evidence(20), false, 'uploaded less than 14 days ago'],
    ['verified and old enough', raw, evidence(14), true, `archived as raw/m.tif (sha256 ${'f'.repeat(64)})`],
  ])('%s', (_name, obj, ev, deletable, reason) => {
    expect(rawRetentionDecision(obj, ev, { minAgeDays: 14, now })).toEqual({ key: obj.key, deletable, reason });
  });
});
