// Public API of lib/ctf: CTF estimation in CTFFIND4's manner, CTFFIND's output files, and the CTFFIND binary wrapper.
export type { AmplitudeSpectrumOptions, AmplitudeSpectrum } from './spectrum.js';
export { amplitudeSpectrum } from './spectrum.js';
export type { SubtractBackgroundOptions } from './background.js';
export { subtractBackground } from './background.js';
export type { Optics, PhaseConstants, DefocusVector, CtfFitParams } from './optics.js';
export { phaseConstants, fromVector, toVector } from './optics.js';
export type { FitPoints, FitPointsOptions } from './fitPoints.js';
export { fitPoints, scoreFit } from './fitPoints.js';
export type { Search1dOptions } from './search1d.js';
export { search1d, rotationalAverage, pearson } from './search1d.js';
export type { NelderMeadOptions } from './nelderMead.js';
export { nelderMead } from './nelderMead.js';
export type { FitProfiles } from './fitResolution.js';
export { fitProfiles } from './fitResolution.js';
export type { EstimateCtfOptions, CtfEstimate } from './estimateCtf.js';
export { estimateCtf } from './estimateCtf.js';
export { diagnosticImage } from './diagnosticImage.js';
export { CtffindResults, CtffindResult, CtffindParameters } from './result.js';
export type { CtffindTextOptions, AvrotProfiles } from './ctffindText.js';
export { formatCtffindSummary, formatCtffindAvrot } from './ctffindText.js';
export type { CtffindFile, CtffindRun, CtffindMicrographOptions } from './ctffindStep.js';
export { ctffindMicrograph, CTF_CPU_VERSION } from './ctffindStep.js';
// The CTF formula itself lives in lib/synth (one definition for simulation and fitting).
export type { CtfParams } from '../synth/ctf2d.js';
export { ctfValue, ctfPhase, defocusAt, electronWavelengthA } from '../synth/ctf2d.js';
