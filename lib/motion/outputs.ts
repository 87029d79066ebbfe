// The output files of a motion-corrected movie: both sums as MRC float32, the thumbnail and the drift plot.
import type { Image2D } from '../image.js';
import { encodeMrc } from '../formats/mrc/index.js';
import { imagePng } from '../steps/imagePng.js';
import type { Shift } from './alignGlobal.js';
import { driftPlotPng } from './driftPlot.js';

export interface MotionOutputFile {
  suffix: string;
  body: Uint8Array;
  contentType: string;
}

/** `.mrc` (dose-weighted), `_noDW.mrc`, `.png` (thumbnail of the DW sum), `_drift.png`, in that order. */
export async function renderOutputs(dw: Image2D, noDw: Image2D, shifts: Shift[], pixelSizeA: number): Promise<MotionOutputFile[]> {
  const mrc = 'application/octet-stream';
  return [
    { suffix: '.mrc', body: encodeMrc([dw], { pixelSizeA, mode: 2 }), contentType: mrc },
    { suffix: '_noDW.mrc', body: encodeMrc([noDw], { pixelSizeA, mode: 2 }), contentType: mrc },
    { suffix: '.png', body: await imagePng(dw), contentType: 'image/png' },
    { suffix: '_drift.png', body: await driftPlotPng(shifts), contentType: 'image/png' },
  ];
}
