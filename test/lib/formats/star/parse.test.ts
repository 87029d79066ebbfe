// parseStar on RELION-written files (block, column and row counts checked against independent counts) and on hand-written edge cases and errors.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatStar, getStarTable, parseStar, starColumn } from '../../../../lib/formats/star/index.js';

const SHARED_DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
const read = (f: string): string => readFileSync(SHARED_DATA + f, 'utf8');

/** Rows of `label` in `block` as RELION's own relion_star_printtable prints them. */
function relionPrint(file: string, block: string, label: string): string[] {
  return execFileSync('relion_star_printtable', [SHARED_DATA + file, `data_${block}`, label], { encoding: 'utf8' }).trim().split('\n');
}

describe('parseStar on RELION 5 files from shared/data', () => {
  it('reads relion5_tomo_tilt_series.star: one loop data_global, 14 columns, 5 rows', () => {
    const text = read('relion5_tomo_tilt_series.star');
    const blocks = parseStar(text, 'tilt_series.star');
    expect(blocks.map((b) => [b.kind, b.name])).toEqual([['loop', 'global']]);
    const t = getStarTable(blocks, 'global', 'tilt_series.star');
    expect(t.columns.length).toBe(text.match(/^_rln\w+ #\d+/gm)?.length);
    expect(t.columns[0]).toBe('rlnTomoName');
    expect(t.columns[13]).toBe('rlnTomoReconstructedTomogram');
    expect(t.rows.length).toBe(text.match(/^220728_TS_\d+ /gm)?.length);
    expect(t.rows.length).toBe(5);
    expect(starColumn(t, 'rlnTomoName', 'x')).toEqual(relionPrint('relion5_tomo_tilt_series.star', 'global', 'rlnTomoName'));
    expect(starColumn(t, 'rlnTomoSizeZ', 'x')).toEqual(['3000', '3000', '3000', '3000', '3000']);
  });

  it('reads relion5_tomo_220728_TS_01.star: one loop, 29 columns, 41 rows, bracketed matrices kept whole', () => {
    const text = read('relion5_tomo_220728_TS_01.star');
    const blocks = parseStar(text, 'TS_01.star');
    expect(blocks.map((b) => b.name)).toEqual(['220728_TS_01']);
    const t = getStarTable(blocks, '220728_TS_01', 'TS_01.star');
    expect(t.columns.length).toBe(29);
    expect(t.rows.length).toBe(text.match(/^frames\//gm)?.length);
    expect(t.rows.length).toBe(41);
    const defocus = starColumn(t, 'rlnDefocusU', 'x');
    expect(defocus).toEqual(relionPrint('relion5_tomo_220728_TS_01.star', '220728_TS_01', 'rlnDefocusU'));
    expect(defocus[0]).toBe('39424.761719');
    expect(starColumn(t, 'rlnTomoProjW', 'x')[0]).toBe('[0,0,0,1]');
  });

  it.each(['relion5_tomo_tilt_series.star', 'relion5_tomo_220728_TS_01.star'])('%s: parse → format → parse gives the same blocks', (file) => {
    const blocks = parseStar(read(file), file);
    expect(parseStar(formatStar(blocks), 'again.star')).toEqual(blocks);
  });
});

describe('parseStar syntax', () => {
  it('reads key-value blocks, comments, quoted strings and an unnamed data_ block', () => {
    const text = [
      '# version 30001',
      'data_general',
      '',
      '_rlnImageSizeX    4096   # trailing comment',
      "_rlnMicrographMovieName  'Movies/a b.tif'",
      '',
      'data_',
      'loop_',
      '_rlnMicrographName #1',
      '_rlnDefocusU #2',
      '"with space.mrc"  1000.5',
      "it's.mrc  2e4",
      '',
    ].join('\r\n');
    expect(parseStar(text, 'x.star')).toEqual([
      { kind: 'pairs', name: 'general', pairs: [['rlnImageSizeX', '4096'], ['rlnMicrographMovieName', 'Movies/a b.tif']] },
      { kind: 'loop', name: '', columns: ['rlnMicrographName', 'rlnDefocusU'], rows: [['with space.mrc', '1000.5'], ["it's.mrc", '2e4']] },
    ]);
  });

  it('ends a loop at the next data_ block even without a blank line', () => {
    const blocks = parseStar('data_a\nloop_\n_rlnX\n1\n2\ndata_b\nloop_\n_rlnY\n3\n', 'x.star');
    expect(blocks.map((b) => (b.kind === 'loop' ? b.rows.length : -1))).toEqual([2, 1]);
  });

  it('reads an empty loop', () => {
    expect(parseStar('data_c\n\nloop_\n_rlnCoordinateX #1\n_rlnCoordinateY #2\n \n', 'x.star')).toEqual([{ kind: 'loop', name: 'c', columns: ['rlnCoordinateX', 'rlnCoordinateY'], rows: [] }]);
  });
});

describe('parseStar errors name the file and line', () => {
  it.each([
    ['data_a\nloop_\n_rlnX #1\n_rlnY #2\n1 2\n3\n', 'STAR file "bad.star" line 6: expected 2 values (one per column of data_a), got 1'],
    ['data_a\nloop_\n_rlnX\n"open 1\n', 'STAR file "bad.star" line 4: unterminated quoted string'],
    ['_rlnX 1\n', 'STAR file "bad.star" line 1: expected a data_ block before "_rlnX"'],
    ['data_a\n_rlnX 1\nloop_\n', 'STAR file "bad.star" line 3: loop_ in block data_a, which already has data'],
    ['data_a\n_rlnX 1 2\n', 'STAR file "bad.star" line 2: expected "_rlnX value", got 2 values'],
    ['data_a\n1 2\n', 'STAR file "bad.star" line 2: value "1" outside a loop_ in block data_a'],
    ['data_a\nloop_\n_rlnX\n1\n\n2\n', 'STAR file "bad.star" line 6: row after the end (blank line) of loop data_a'],
    ['data_a\nloop_\n_rlnX\n1\n_rlnY\n', 'STAR file "bad.star" line 5: label _rlnY after the rows of loop data_a'],
    ['data_a\n_rlnX\n', 'STAR file "bad.star" line 2: expected "_rlnX value", got 0 values'],
    ['data_a\nloop_\n_rlnX\n;text\n;\n', 'STAR file "bad.star" line 4: multi-line ";" text fields are not supported by RELION'],
  ])('%j', (text, message) => {
    expect(() => parseStar(text, 'bad.star')).toThrow(message);
  });

  it('names the missing block or column on lookup', () => {
    const blocks = parseStar('data_optics\nloop_\n_rlnVoltage\n300\n', 'm.star');
    expect(() => getStarTable(blocks, 'micrographs', 'm.star')).toThrow('STAR file "m.star": no block data_micrographs (has data_optics)');
    expect(() => starColumn(getStarTable(blocks, 'optics', 'm.star'), 'rlnDefocusU', 'm.star')).toThrow('STAR file "m.star" block data_optics: no column _rlnDefocusU');
  });
});
