// Public API of lib/fft: 2-D real FFTs on PFFFT (WASM SIMD) and the Fourier-space helpers built on them.
export { initFft, releaseFftMemory } from './wasm.js';
export { isFftSize, nextFftSize, assertFftSize } from './sizes.js';
export type { Spectrum2D } from './spectrum.js';
export { createSpectrum, spectrumColumns, signedFrequency, spectrumIndex } from './spectrum.js';
export type { Fft2d } from './fft2d.js';
export { fft2d, createFft2d } from './fft2d.js';
