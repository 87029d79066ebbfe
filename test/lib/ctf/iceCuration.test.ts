// The CTF step's ice numbers reach curation: a thick-sample micrograph through ctffindMicrograph, its result JSON
// validated and read by metricsFromResults, then judged on the ice-thickness and relative-ice thresholds.
import { describe, expect, it } from 'vitest';
import { ctffindMicrograph, ctffindParameters, CtffindResults } from '../../../lib/ctf/index.js';
import { judgeMovie, metricsFromResults } from '../../../lib/curation/index.js';
import { thickSampleMicrograph } from './thickSample.js';

describe('ice thickness in curation', () => {
  it('a 240 nm sample fails "ice ≤ 200 nm" and passes "ice ≤ 300 nm"; relative ice is judged too', async () => {
    const img = await thickSampleMicrograph({
      size: 1024, pixelA: 1, dose: 40, thicknessA: 2400, seed: 5,
      ctf: { df1A: 15000, df2A: 14600, angleDeg: -20, kv: 300, csMm: 2.7, ampContrast: 0.07 },
    });
    const run = await ctffindMicrograph(img, ctffindParameters({ pixelSizeA: 1, minDefocusA: 2000 }), { inputName: 'thick.mrc' });
    const results = CtffindResults.parse(JSON.parse(JSON.stringify(run.results)));
    const m = metricsFromResults({ ctffind: results });
    expect(m.iceThicknessNm).toBeGreaterThan(216);
    expect(m.iceThicknessNm).toBeLessThan(264);
    expect(judgeMovie(m, { iceThicknessNm: { max: 200 } }).failing.map((f) => f.criterion)).toEqual(['iceThickness']);
    expect(judgeMovie(m, { iceThicknessNm: { max: 300 } }).decision).toBe('accepted');
    expect(m.relativeIceThickness).toBeGreaterThan(1.1);
    expect(judgeMovie(m, { maxRelativeIceThickness: 1.05 }).failing.map((f) => f.criterion)).toEqual(['relativeIceThickness']);
    expect(judgeMovie({}, { maxRelativeIceThickness: 1.05 }).pending).toEqual(['relativeIceThickness']);
  });
});
