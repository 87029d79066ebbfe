// CTFFIND .txt/_avrot.txt writers and parsers against the documented 4.1.14 layout (reference §3.4).
import { describe, it, expect } from 'vitest';
import { formatCtffindAvrot, formatCtffindSummary, parseCtffindAvrot, parseCtffindOutput, ctffindParameters } from '../../../lib/ctf/index.js';

// The example of reference §3.4, verbatim.
const REFERENCE = `# Output from CTFFind version 4.1.14, run on 2021-03-04 12:34:56
# Input file: /path/mic.mrc ; Number of micrographs: 1
# Pixel size: 1.000 Angstroms ; acceleration voltage: 300.0 keV ; spherical aberration: 2.70 mm ; amplitude contrast: 0.07
# Box size: 512 pixels ; min. res.: 30.0 Angstroms ; max. res.: 5.0 Angstroms ; min. def.: 5000.0 um; max. def. 50000.0 um
# Columns: #1 - micrograph number; #2 - defocus 1 [Angstroms]; #3 - defocus 2; #4 - azimuth of astigmatism; #5 - additional phase shift [radians]; #6 - cross correlation; #7 - spacing (in Angstroms) up to which CTF rings were fit successfully
1.000000 13587.458008 13319.021484 -63.398720 0.000000 0.069620 3.937500
`;

const params = ctffindParameters({ pixelSizeA: 1 });
const results = { defocusU: 13587.458008, defocusV: 13319.021484, astigmatismAngle: -63.39872, phaseShift: 0, cc: 0.06962, fitResolutionA: 3.9375 };

describe('CTFFIND summary .txt', () => {
  it('writes the reference example byte for byte (given its version, date and input name)', () => {
    expect(formatCtffindSummary(results, params, { inputName: '/path/mic.mrc', version: '4.1.14', date: new Date('2021-03-04T12:34:56Z') })).toBe(REFERENCE);
  });

  it('parses the reference example, and CTFFIND 5 rows with 10 columns and inf resolution', () => {
    expect(parseCtffindOutput(REFERENCE)).toEqual({ ...results, version: '4.1.14' });
    const v5 = REFERENCE.replace('4.1.14', '5.0.2').replace('0.069620 3.937500', '0.069620 inf 12.000000 3.000000 800.000000');
    expect(parseCtffindOutput(v5)).toMatchObject({ fitResolutionA: null, version: '5.0.2', cc: 0.06962 });
  });

  it('rejects a file without a data row or with a short row', () => {
    expect(() => parseCtffindOutput('# only comments\n')).toThrow('CTFFIND summary: no data row');
    expect(() => parseCtffindOutput('1.0 2.0 3.0\n')).toThrow('CTFFIND summary: expected at least 7 columns, got 3');
  });
});

describe('CTFFIND _avrot.txt', () => {
  it('writes 5 comment lines and 6 equal-length lines that parse back', () => {
    const prof = { frequency: [0, 0.01, 0.02], rotationalAverage: [1, 2, 3], epa: [1.5, 2.5, 3.5], fit: [0, 0.5, 1], cc: [0.1, 0.2, 0.3], noise2Sigma: [1, 1, 1] };
    const text = formatCtffindAvrot(prof, params, { inputName: 'm.mrc', version: '4.1.14', date: new Date(0) });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.slice(0, 5).every((l) => l.startsWith('# '))).toBe(true);
    expect(lines[3]).toMatch(/; num\. frames averaged: 1$/);
    expect(lines[4]).toBe('# 6 lines per micrograph: #1 - spatial frequency (1/Angstroms); #2 - 1D rotational average of spectrum (assuming no astigmatism); #3 - 1D rotational average of spectrum; #4 - CTF fit; #5 - cross-correlation between spectrum and CTF fit; #6 - 2sigma of expected cross correlation of noise');
    expect(lines[5]).toBe('0.000000 0.010000 0.020000');
    expect(parseCtffindAvrot(text)).toEqual(prof);
    expect(() => parseCtffindAvrot(text.replace('0.000000 0.010000 0.020000', '0.000000 0.010000'))).toThrow('CTFFIND avrot: the 6 lines must have equal length (2 frequencies)');
  });
});
