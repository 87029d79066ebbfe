// Valid PFFFT transform sizes, and the check that keeps a bad size from aborting the WASM module.
import { InvalidInputError } from '../errors.js';

/**
 * True when n can be transformed: PFFFT (SIMD build) needs n to be a multiple of 32 and a product of
 * 2, 3 and 5 only (pffft.h "Restrictions"; pffft.c asserts n % 32 == 0 for real transforms and would
 * abort the whole module otherwise). Both image dimensions must satisfy this.
 */
export function isFftSize(n: number): boolean {
  if (!Number.isInteger(n) || n < 32 || n % 32 !== 0) return false;
  let m = n / 32;
  for (const p of [2, 3, 5]) while (m % p === 0) m /= p;
  return m === 1;
}

/** The smallest valid FFT size ≥ n (e.g. 4092 → 4096, 3838 → 3840, 100 → 128). */
export function nextFftSize(n: number): number {
  if (!Number.isFinite(n)) throw new InvalidInputError(`FFT size: expected a finite number, got ${n}`);
  let m = 32 * Math.ceil(Math.max(32, n) / 32);
  while (!isFftSize(m)) m += 32;
  return m;
}

/** Throws InvalidInputError unless width and height are both valid sizes; `what` names the caller's thing. */
export function assertFftSize(width: number, height: number, what = 'image'): void {
  for (const [axis, n] of [['width', width], ['height', height]] as const) {
    if (!isFftSize(n)) {
      throw new InvalidInputError(
        `${what}: FFT ${axis} must be a multiple of 32 with no prime factor other than 2, 3, 5, got ${n} (nearest valid: ${nextFftSize(Number.isFinite(n) ? n : 32)}); pad with padToFftSize()`,
      );
    }
  }
}
