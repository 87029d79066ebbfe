// Pure command-line builder for MotionCor2 / MotionCor3 (reference §1.4, MC3 CInput.cpp tags).
import { InvalidInputError } from '../errors.js';
import type { MovieFormat } from '../formats/movie.js';

export interface MotionCor2Params {
  movie: string;
  format: MovieFormat;
  /** Output MRC (dose-weighted sum becomes `<out>_DW.mrc` when dose weighting runs). */
  outMrc: string;
  logDir: string;
  pixelSizeA: number;
  voltageKv: number;
  /** -FmDose, e/Å² per movie frame; for EER, per raw EER frame (MC3 reads -FmDose as the raw-frame dose: CFmIntParam::mSetup, and CReadFmIntFile when a line has no dose column). */
  dosePerFrame: number;
  /** @default 0 */
  preExposure?: number;
  gain?: string;
  /** -RotGain 0..3 (× 90° counter-clockwise). @default 0 */
  gainRotate?: number;
  /** -FlipGain 0 none, 1 upside down, 2 left-right. @default 0 */
  gainFlip?: number;
  /** -Patch X Y; [1, 1] = full frame only. @default [5, 5] */
  patches?: [number, number];
  /** @default 15 (MC3 code default) */
  iterations?: number;
  /** @default 0.1 */
  tolerance?: number;
  /** -Bft global local. @default [500, 100] */
  bfactor?: [number, number];
  /** -FtBin. @default 1 */
  binning?: number;
  /** -DefectFile: `x y w h` rectangles in the frames' pixels. @default none */
  defectFile?: string;
  /** EER: -FmIntFile written by the caller. @default none */
  fmIntFile?: string;
  /** @default 0 */
  gpu?: number;
}

const FLAG: Record<MovieFormat, string> = { tiff: '-InTiff', mrc: '-InMrc', eer: '-InEer' };

/** The argument vector (no shell quoting needed: passed to spawn). Shifts are referenced to frame 0 (-FmRef 0, as RELION). */
export function buildMotionCor2Args(p: MotionCor2Params): string[] {
  const patches = p.patches ?? [5, 5];
  const bft = p.bfactor ?? [500, 100];
  for (const [name, v] of [['pixel size', p.pixelSizeA], ['voltage', p.voltageKv], ['dose per frame', p.dosePerFrame]] as const) {
    if (!(v > 0)) throw new InvalidInputError(`MotionCor2 arguments: ${name} must be > 0, got ${v}`);
  }
  const args = [FLAG[p.format], p.movie, '-OutMrc', p.outMrc];
  if (p.gain) args.push('-Gain', p.gain, '-RotGain', String(p.gainRotate ?? 0), '-FlipGain', String(p.gainFlip ?? 0));
  if (p.defectFile) args.push('-DefectFile', p.defectFile);
  args.push('-Patch', String(patches[0]), String(patches[1]));
  args.push('-Iter', String(p.iterations ?? 15), '-Tol', String(p.tolerance ?? 0.1), '-Bft', String(bft[0]), String(bft[1]));
  args.push('-FmRef', '0', '-kV', String(p.voltageKv), '-PixSize', String(p.pixelSizeA), '-FmDose', String(p.dosePerFrame));
  if ((p.preExposure ?? 0) > 0) args.push('-InitDose', String(p.preExposure));
  if ((p.binning ?? 1) !== 1) args.push('-FtBin', String(p.binning));
  if (p.format === 'eer' && p.fmIntFile) args.push('-FmIntFile', p.fmIntFile);
  args.push('-Gpu', String(p.gpu ?? 0), '-LogDir', p.logDir);
  return args;
}

/**
 * MC3 -FmIntFile line `<nRawFrames> <group> <dosePerRawFrame>` (reference §1.4, scipion's form). `rawFrames` is
 * every raw frame in the file: MC3 (DataUtil/CFmIntParam mCalcIntFms) makes floor(raw/group) frames and
 * adds the leftover raw frames to the last ones (our reader drops them), so the frame counts agree.
 */
export function fmIntFileText(rawFrames: number, group: number, dosePerRawFrame: number): string {
  return `${rawFrames} ${group} ${dosePerRawFrame}\n`;
}
