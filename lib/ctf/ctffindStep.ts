// One micrograph through our estimator into CTFFIND's text files and diagnostic image: the path the function and CLI share.
// Pictures are not made here: the step (lib/steps/ctffindFiles.ts) renders the diagnostic image as _spectrum.png.
import type { Image2D } from '../image.js';
import { estimateCtf } from './estimateCtf.js';
import { diagnosticImage } from './diagnosticImage.js';
import { formatCtffindAvrot, formatCtffindSummary } from './ctffindText.js';
import type { CtffindRun } from './ctffindRun.js';
import type { CtffindParameters, CtffindResults } from './result.js';
import { ctffindWithBinary } from './ctffindBinary.js';
import { boxForImage } from './params.js';

/** Version of our estimator, recorded as software.version with implementation 'cpu'. */
export const CTF_CPU_VERSION = '1.1.0';

export type { CtffindFile, CtffindRun } from './ctffindRun.js';

export interface CtffindMicrographOptions {
  /** Input name printed in the text headers. */
  inputName: string;
}

/** Fits the CTF of `img` with `params` and formats CTFFIND's text outputs and diagnostic image. */
export async function ctffindMicrograph(img: Image2D, params: CtffindParameters, options: CtffindMicrographOptions): Promise<CtffindRun> {
  const est = await estimateCtf(img, { ...params, box: boxForImage(params.box, img.width, img.height, params.pixelSizeA, params.maxResA) });
  const results: CtffindResults = {
    defocusU: est.defocusU, defocusV: est.defocusV, astigmatismAngle: est.astigmatismAngle, phaseShift: est.phaseShift,
    cc: est.cc, fitResolutionA: Number.isFinite(est.fitResolutionA) ? est.fitResolutionA : null, pixelSizeForFittingA: est.pixelSizeForFittingA,
    ...(est.sampleThickness.thicknessA !== null ? { iceThicknessA: est.sampleThickness.thicknessA } : {}),
    ...(est.relativeIceThickness !== null ? { relativeIceThickness: est.relativeIceThickness } : {}),
  };
  const text = { inputName: options.inputName, version: `4.1.14 (cryoem-daq cpu ${CTF_CPU_VERSION})` };
  return {
    results,
    files: [
      { suffix: '.txt', body: formatCtffindSummary(results, params, text), contentType: 'text/plain' },
      { suffix: '_avrot.txt', body: formatCtffindAvrot({ ...est.profiles, rotationalAverage: est.rotationalAverage }, params, text), contentType: 'text/plain' },
    ],
    diagnostic: diagnosticImage(est, params, params.minResA),
    software: { implementation: 'cpu', version: CTF_CPU_VERSION },
    timings: est.timings,
  };
}

export interface CtffindAutoOptions extends CtffindMicrographOptions {
  /** Run this CTFFIND executable instead of our estimator (the function/CLI pass env CTFFIND_BIN). @default undefined */
  ctffindBin?: string;
  /** CTFFIND version for the prompt order (env CTFFIND_VERSION). @default detected */
  ctffindVersion?: string;
  /** Scratch folder for CTFFIND's files (required with ctffindBin). @default undefined */
  workDir?: string;
  /** Kills CTFFIND when aborted (the function host's deadline). */
  signal?: AbortSignal;
}

/** CTFFIND itself when `ctffindBin` is given, else our estimator: one result shape either way. */
export async function ctffindAuto(img: Image2D, params: CtffindParameters, options: CtffindAutoOptions): Promise<CtffindRun> {
  if (!options.ctffindBin) return ctffindMicrograph(img, params, options);
  if (!options.workDir) throw new Error('ctffindAuto: workDir is required to run CTFFIND');
  return ctffindWithBinary(img, params, { bin: options.ctffindBin, workDir: options.workDir, version: options.ctffindVersion, signal: options.signal });
}
