// The files the MotionCor2 wrapper hands the binary: -FmIntFile for EER (reference §1.4, MC3 CReadFmIntFile) and -DefectFile.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_FAKE_SUMS } from './fakeMotionCor2Sums.js';
import { encodeEer } from '../../../lib/formats/eer/index.js';
import type { EerFrameInput } from '../../../lib/formats/eer/index.js';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { defectMask } from '../../../lib/gain/index.js';
import { buildMotionCor2Args, fmIntFileText } from '../../../lib/motion/motionCor2Args.js';
import { motionCorrect } from '../../../lib/motion/index.js';

let dir = '';
let bin = '';

// A stand-in MotionCor3 that keeps copies of what it was given (its temporary folder is removed afterwards),
// then writes a full-frame log of N_FRAMES rows and two 64×64 float32 sums (header by Python's struct).
const SCRIPT = `#!/bin/bash
set -e
printf '%s\\n' "$@" > "$CAPTURE/args.txt"
while [ $# -gt 0 ]; do
  case "$1" in
    -InMrc|-InTiff|-InEer) IN="$2"; shift 2;;
    -OutMrc) OUT="$2"; shift 2;;
    -LogDir) LOG="$2"; shift 2;;
    -FmIntFile) cp "$2" "$CAPTURE/fmint.txt"; shift 2;;
    -DefectFile) cp "$2" "$CAPTURE/defects.txt"; shift 2;;
    *) shift;;
  esac
done
STEM=$(basename "$IN"); STEM="\${STEM%.*}"
printf '# Full-frame alignment\\n' > "$LOG/$STEM-Full.log"
for i in $(seq 1 "$N_FRAMES"); do printf '%4d  %8.2f  %8.2f\\n' $i 0 0 >> "$LOG/$STEM-Full.log"; done
${WRITE_FAKE_SUMS}`;

/** 37 raw EER frames of 64×64, 40 electrons each at distinct pixels: 4 fractions of 8, 5 raw frames left over. */
function rawFrames(): EerFrameInput[] {
  return Array.from({ length: 37 }, (_, f) => ({ events: Uint32Array.from({ length: 40 }, (_, k) => (k * 97 + f * 13) % 4096) }));
}

const captured = (name: string) => readFile(join(dir, name), 'utf8');
const argAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc2-files-'));
  bin = join(dir, 'MotionCor2');
  await writeFile(bin, SCRIPT);
  await chmod(bin, 0o755);
  process.env.CAPTURE = dir;
  await writeFile(join(dir, 'movie.eer'), await encodeEer(rawFrames(), { width: 64, height: 64 }));
  const frame = { width: 64, height: 64, data: new Float32Array(4096).fill(3) };
  await writeFile(join(dir, 'movie.mrc'), encodeMrc([frame, frame, frame], { mode: 2 }));
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('MotionCor2 wrapper on an EER movie', () => {
  it('writes "<raw frames> <group> <dose per raw frame>" to -FmIntFile and passes -FmDose per raw frame', async () => {
    process.env.N_FRAMES = '4';
    const out = await motionCorrect(join(dir, 'movie.eer'), { pixelSizeA: 1, dosePerFrame: 2, eerGroup: 8, motionCor2: { bin } });
    expect(out.results.frames).toBe(4);
    // Every raw frame is listed (MC3 adds the 5 left over to the last fractions); 2 e/Å² per fraction of 8 = 0.25 per raw frame.
    expect(await captured('fmint.txt')).toBe('37 8 0.25\n');
    const args = (await captured('args.txt')).trim().split('\n');
    expect(args.slice(0, 2)).toEqual(['-InEer', join(dir, 'movie.eer')]);
    expect(argAfter(args, '-FmIntFile')).toMatch(/fmint\.txt$/);
    expect(argAfter(args, '-FmDose')).toBe('0.25');
    expect(out.results.doseWeighting.dosePerFrame).toBe(2);
  });
});

describe('MotionCor2 wrapper with a defect mask', () => {
  it('hands the mask over as -DefectFile rectangles, and writes none for a clean mask', async () => {
    process.env.N_FRAMES = '3';
    const defects = defectMask([{ x: 10, y: 0, w: 1, h: 64 }, { x: 20, y: 30, w: 3, h: 2 }], 64, 64);
    await motionCorrect(join(dir, 'movie.mrc'), { pixelSizeA: 1, dosePerFrame: 1, defects, motionCor2: { bin } });
    expect(await captured('defects.txt')).toBe('10 0 1 64\n20 30 3 2\n');
    const args = (await captured('args.txt')).trim().split('\n');
    expect(argAfter(args, '-DefectFile')).toMatch(/defects\.txt$/);
    expect(args).not.toContain('-FmIntFile');
    expect(argAfter(args, '-FmDose')).toBe('1');
    await motionCorrect(join(dir, 'movie.mrc'), { pixelSizeA: 1, dosePerFrame: 1, defects: new Uint8Array(4096), motionCor2: { bin } });
    expect(await captured('args.txt')).not.toContain('-DefectFile');
  });
});

describe('buildMotionCor2Args', () => {
  const base = { movie: 'm.eer', format: 'eer' as const, outMrc: 'o.mrc', logDir: 'l', pixelSizeA: 1, voltageKv: 300, dosePerFrame: 0.05 };

  it('puts -DefectFile beside the gain and -FmIntFile only for EER', () => {
    const args = buildMotionCor2Args({ ...base, defectFile: 'd.txt', fmIntFile: 'f.txt' });
    expect(args.slice(4, 6)).toEqual(['-DefectFile', 'd.txt']);
    expect(argAfter(args, '-FmIntFile')).toBe('f.txt');
    expect(buildMotionCor2Args({ ...base, format: 'tiff', fmIntFile: 'f.txt' })).not.toContain('-FmIntFile');
  });

  it('writes the scipion-style single line', () => {
    expect(fmIntFileText(1200, 40, 0.025)).toBe('1200 40 0.025\n');
  });
});
