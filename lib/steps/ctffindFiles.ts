// The ctffind step's output files: CTFFIND's text outputs as they come, plus the diagnostic image rendered as _spectrum.png.
// Rendering lives here, not in lib/ctf, so the estimator returns data and the step decides how to show it.
import type { CtffindRun } from '../ctf/index.js';
import { imagePng } from './imagePng.js';
import type { StepOutputFile } from './stepDefinition.js';

/** .txt, _avrot.txt, then _spectrum.png (the order of CTFFIND's own outputs and of lib/events/pipeline.ts). */
export async function ctffindFiles(run: CtffindRun): Promise<StepOutputFile[]> {
  return [...run.files, { suffix: '_spectrum.png', body: await imagePng(run.diagnostic), contentType: 'image/png' }];
}
