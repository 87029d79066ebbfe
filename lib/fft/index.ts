// Public API of lib/fft: 2-D real FFTs on PFFFT (WASM SIMD) and the Fourier-space helpers built on them.
// Usage: `await initFft()` once per thread, then everything is synchronous:
//   const plan = fft2d(w, h); const spec = plan.forward(img); … plan.inverse(spec)
export { initFft, releaseFftMemory } from './wasm.js';
export { isFftSize, nextFftSize, assertFftSize } from './sizes.js';
export type { Spectrum2D } from './spectrum.js';
export { createSpectrum, spectrumColumns, signedFrequency, spectrumIndex } from './spectrum.js';
export type { Fft2d } from './fft2d.js';
export { fft2d, createFft2d } from './fft2d.js';
export type { PadImageOptions } from './pad.js';
export { padImage, padToFftSize, cropImage } from './pad.js';
export { fourierResize, fourierCrop, fourierPad } from './fourierResize.js';
export type { ShiftSpectrumOptions } from './shift.js';
export { shiftSpectrum, shiftImage } from './shift.js';
export type { CrossCorrelateOptions } from './crossCorrelate.js';
export { crossCorrelate, crossPowerSpectrum } from './crossCorrelate.js';
export { centerImage } from './centerImage.js';
export type { PowerSpectrumOptions } from './powerSpectrum.js';
export { powerSpectrum } from './powerSpectrum.js';
export type { RadialAverageOptions } from './radial.js';
export { spatialFrequency, radialAverage } from './radial.js';
export type { FindPeakOptions } from './findPeak.js';
export { findPeak } from './findPeak.js';
