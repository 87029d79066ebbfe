// formatStar / starTable: RELION 3.1 layout written exactly, numbers as RELION prints them, quoting that parses back.
import { describe, expect, it } from 'vitest';
import { formatStar, formatStarNumber, parseStar, quoteStarValue, starPairs, starTable } from '../../../../lib/formats/star/index.js';

describe('formatStar', () => {
  it('writes the RELION 3.1 layout: version line, data_, "loop_ ", "_label #n ", padded values, " " line', () => {
    const text = formatStar([starTable('optics', ['rlnOpticsGroupName', 'rlnOpticsGroup', 'rlnVoltage'], [['opticsGroup1', 1, 300.5]])]);
    expect(text).toBe(
      '\n# version 30001\n\ndata_optics\n\nloop_ \n_rlnOpticsGroupName #1 \n_rlnOpticsGroup #2 \n_rlnVoltage #3 \n' +
        'opticsGroup1            1   300.500000 \n \n',
    );
  });

  it('writes key-value blocks and honours the version option', () => {
    const text = formatStar([starPairs('general', [['rlnImageSizeX', 4096], ['rlnMicrographMovieName', 'Movies/a.tif']])], { version: 50001 });
    expect(text.startsWith('\n# version 50001\n\ndata_general\n\n_rlnImageSizeX')).toBe(true);
    expect(parseStar(text, 'g.star')).toEqual([{ kind: 'pairs', name: 'general', pairs: [['rlnImageSizeX', '4096'], ['rlnMicrographMovieName', 'Movies/a.tif']] }]);
  });

  it('round-trips awkward strings through quoting', () => {
    const values = ['a b.mrc', '', '#hash', '_underscore', 'data_x.mrc', 'loop_', "it's", 'say "hi" there', "'quoted'"];
    const block = starTable('t', ['rlnMicrographName'], values.map((v) => [v]));
    expect(parseStar(formatStar([block]), 't.star')).toEqual([block]);
  });

  it('refuses a value with a line break or one that cannot be quoted', () => {
    expect(() => quoteStarValue('a\nb')).toThrow('STAR value "a\\nb" contains a line break');
    expect(() => quoteStarValue(`a" b' c`)).toThrow('cannot be quoted');
  });

  it('refuses a row whose length does not match the columns', () => {
    expect(() => formatStar([{ kind: 'loop', name: 'x', columns: ['rlnA', 'rlnB'], rows: [['1']] }])).toThrow('STAR block data_x: row has 1 values for 2 columns');
  });
});

describe('formatStarNumber', () => {
  it.each([
    [4096, '4096'],
    [-3, '-3'],
    [0, '0'],
    [0.885, '0.885000'],
    [2.7, '2.700000'],
    [-999.25, '-999.250000'],
    [39424.761719, '39424.761719'],
    [0.0001234, '1.234000e-04'],
    [123456.5, '1.234565e+05'],
    [NaN, 'nan'],
    [-Infinity, '-inf'],
  ])('%s → %s', (value, text) => {
    expect(formatStarNumber(value)).toBe(text);
  });

  it('strips a leading underscore from column names given to starTable', () => {
    const t = starTable('c', ['_rlnCoordinateX'], [[1.5]]);
    expect(t).toEqual({ kind: 'loop', name: 'c', columns: ['rlnCoordinateX'], rows: [['1.500000']] });
  });
});
