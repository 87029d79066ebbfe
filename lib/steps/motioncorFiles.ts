// The files of a motion-corrected movie, rendered by the step: both sums as MRC float32, the thumbnail and the drift plot.
import { encodeMrc } from '../formats/mrc/index.js';
import type { MotionCorrectOutput } from '../motion/index.js';
import { driftPlotPng } from './driftPlotPng.js';
import { imagePng } from './imagePng.js';
import type { StepOutputFile } from './stepDefinition.js';

/** `.mrc` (dose-weighted), `_noDW.mrc`, `.png` (thumbnail of the DW sum), `_drift.png`, in that order. */
export async function motioncorFiles(out: Pick<MotionCorrectOutput, 'dw' | 'noDw' | 'shifts' | 'results'>): Promise<StepOutputFile[]> {
  const pixelSizeA = out.results.outputPixelSizeA;
  const mrc = 'application/octet-stream';
  return [
    { suffix: '.mrc', body: encodeMrc([out.dw], { pixelSizeA, mode: 2 }), contentType: mrc },
    { suffix: '_noDW.mrc', body: encodeMrc([out.noDw], { pixelSizeA, mode: 2 }), contentType: mrc },
    { suffix: '.png', body: await imagePng(out.dw), contentType: 'image/png' },
    { suffix: '_drift.png', body: await driftPlotPng(out.shifts), contentType: 'image/png' },
  ];
}
