// Public API of lib/synth: simulated movies and micrographs with known truth, and the pieces they are built from.
export type { Rng } from './random.js';
export { createRng } from './random.js';
// The CTF formula belongs to lib/ctf; its parameter type is re-exported because simulation options take it.
export type { CtfParams } from '../ctf/ctf2d.js';
export { applyCtf } from './applyCtf.js';
export { resolveCtf } from './defaults.js';
export type { FrameShift, DriftOptions, LocalMotionModel } from './motion.js';
export { driftTrajectory, localShiftAt, randomLocalMotion } from './motion.js';
export { applyLocalMotion } from './warp.js';
export type { ParticleCentre, PlaceParticlesOptions, RenderParticlesOptions } from './particles.js';
export { placeParticles, renderParticles } from './particles.js';
export type { Specimen, SpecimenOptions } from './specimen.js';
export { buildSpecimen, ctfSignalSpectrum, intensityFromSignal } from './specimen.js';
export { criticalExposure, exposureFilter, multiplySpectrum } from './damage.js';
export type { Detector, DetectorOptions, HotPixel } from './detector.js';
export { createDetector, sampleCounts, expectedCounts } from './detector.js';
export { SynthTruth, parseSynthTruth, serializeSynthTruth } from './truth.js';
export type { SimulateMovieOptions, SimulatedMovie } from './simulateMovie.js';
export { MOVIE_SPECIMEN, simulateMovie } from './simulateMovie.js';
export type { SimulateMicrographOptions, SimulatedMicrograph } from './simulateMicrograph.js';
export { simulateMicrograph } from './simulateMicrograph.js';
export { streamMrcMovie, streamTiffMovie } from './streamMovieFile.js';
export { eerRawFrames, toEerFrames } from './toEerFrames.js';
export type { WriteSynthOptions } from './writeSynth.js';
export { writeSynthMovie, writeSynthMicrograph } from './writeSynth.js';
