import { describe, expect, it } from 'vitest';
import { buildMotionCor2Args, parseFullLog, parseMotionCor2Logs, parsePatchLog, parseStdoutShifts } from '../../../lib/motion/index.js';

// Log text in the formats documented in reference §1.5 (MC3 CFullAlign::LogShift, CPatchShifts::Log*, stdout).
const FULL = `# full frame alignment
   1      0.00      0.00
   2     -0.31      0.42
   3     -0.80      1.10
`;
const PATCH_FULL = `# Patch based alignment
# Initial alignment based upon full frames

   1      0.00      0.00
   2      1.50     -2.25
`;
const MC3_PATCH = `# Patch based alignment
# Number of patches: 2
# Shifts are listed per patch.
# Movie size: 4096  4096  2

#Patch 001 raw and fit shifts
   1   409.50   409.50     0.00     0.00    0
   2   409.50   409.50     1.25    -0.50    1

#Patch 002 raw and fit shifts
   1  1228.50   409.50     0.00     0.00    0
   2  1228.50   409.50     0.75     0.10    0
`;
const MC2_PATCH = `#Patch 001
   1   409.50   409.50     0.00     0.00     0.01     0.02
   2   409.50   409.50     1.25    -0.50     1.20    -0.45

#Patch 002
   1  1228.50   409.50     0.00     0.00     0.00     0.00
   2  1228.50   409.50     0.75     0.10     0.70     0.12
`;
const STDOUT = `Full-frame alignment shift
...... Frame (  1) shift:     0.000      0.000
...... Frame (  2) shift:    -0.310      0.420

Computation time: 1.5 sec
`;

describe('MotionCor2 log parsers', () => {
  it('reads the -Full.log rows', () => {
    expect(parseFullLog(FULL)).toEqual([{ dx: 0, dy: 0 }, { dx: -0.31, dy: 0.42 }, { dx: -0.8, dy: 1.1 }]);
    expect(parseFullLog(PATCH_FULL)).toEqual([{ dx: 0, dy: 0 }, { dx: 1.5, dy: -2.25 }]);
  });
  it('tells MotionCor3 (6 columns) from MotionCor2 1.x (7 columns) patch logs', () => {
    const mc3 = parsePatchLog(MC3_PATCH);
    expect(mc3.layout).toBe('motioncor3');
    expect(mc3.patches).toEqual([
      { x: 409.5, y: 409.5, raw: [{ dx: 0, dy: 0 }, { dx: 1.25, dy: -0.5 }] },
      { x: 1228.5, y: 409.5, raw: [{ dx: 0, dy: 0 }, { dx: 0.75, dy: 0.1 }] },
    ]);
    const mc2 = parsePatchLog(MC2_PATCH);
    expect(mc2.layout).toBe('motioncor2');
    expect(mc2.patches[0].fit).toEqual([{ dx: 0.01, dy: 0.02 }, { dx: 1.2, dy: -0.45 }]);
    expect(mc2.patches[1].raw[1]).toEqual({ dx: 0.75, dy: 0.1 });
  });
  it('reads the stdout shift table RELION parses, stopping at the first other line', () => {
    expect(parseStdoutShifts(STDOUT)).toEqual([{ dx: 0, dy: 0 }, { dx: -0.31, dy: 0.42 }]);
  });
  it('combines logs and falls back to stdout', () => {
    expect(parseMotionCor2Logs({ full: PATCH_FULL, patch: MC3_PATCH }).layout).toBe('motioncor3');
    expect(parseMotionCor2Logs({ stdout: STDOUT })).toMatchObject({ layout: 'full-frame', shifts: [{ dx: 0, dy: 0 }, { dx: -0.31, dy: 0.42 }] });
  });
  it('rejects unreadable rows and missing shifts with a clear message', () => {
    expect(() => parsePatchLog('   1  2  3  4  5\n')).toThrow('MotionCor2 patch log: unreadable row "1  2  3  4  5" (expected 6 or 7 numbers)');
    expect(() => parseFullLog('   2   0.0  0.0\n')).toThrow('MotionCor2 full-frame log: expected frame 1, got 2');
    expect(() => parseMotionCor2Logs({ stdout: 'nothing' })).toThrow('no full-frame shifts');
  });
});

describe('buildMotionCor2Args', () => {
  it('builds the documented command line', () => {
    expect(buildMotionCor2Args({
      movie: 'm.tif', format: 'tiff', outMrc: 'o.mrc', logDir: 'logs', pixelSizeA: 0.83, voltageKv: 300, dosePerFrame: 1.2,
      preExposure: 0.5, gain: 'g.mrc', gainRotate: 1, gainFlip: 2, patches: [5, 7], binning: 2, gpu: 1,
    })).toEqual([
      '-InTiff', 'm.tif', '-OutMrc', 'o.mrc', '-Gain', 'g.mrc', '-RotGain', '1', '-FlipGain', '2', '-Patch', '5', '7',
      '-Iter', '15', '-Tol', '0.1', '-Bft', '500', '100', '-FmRef', '0', '-kV', '300', '-PixSize', '0.83', '-FmDose', '1.2',
      '-InitDose', '0.5', '-FtBin', '2', '-Gpu', '1', '-LogDir', 'logs',
    ]);
  });
  it('uses -InEer with -FmIntFile and -InMrc for MRC', () => {
    const eer = buildMotionCor2Args({ movie: 'm.eer', format: 'eer', outMrc: 'o.mrc', logDir: '.', pixelSizeA: 1, voltageKv: 200, dosePerFrame: 1, fmIntFile: 'f.txt' });
    expect(eer.slice(0, 2)).toEqual(['-InEer', 'm.eer']);
    expect(eer.join(' ')).toContain('-FmIntFile f.txt');
    expect(buildMotionCor2Args({ movie: 'm.mrc', format: 'mrc', outMrc: 'o.mrc', logDir: '.', pixelSizeA: 1, voltageKv: 300, dosePerFrame: 1 })[0]).toBe('-InMrc');
    expect(() => buildMotionCor2Args({ movie: 'm.mrc', format: 'mrc', outMrc: 'o', logDir: '.', pixelSizeA: 0, voltageKv: 300, dosePerFrame: 1 })).toThrow('MotionCor2 arguments: pixel size must be > 0, got 0');
  });
});
