// Task (worker or inline): one aligned sum back to real space, from the blocks' partial spectra, on shared memory.
import { fft2d, initFft } from '../fft/index.js';
import { doseWeightedScale } from './doseWeight.js';

export interface InverseSumTaskInput {
  /** Every block's half-plane sum (DoseAccumulator's column-major layout), added here in this order. */
  parts: Float32Array[];
  /** Σq² per spectrum point: the sum is the dose-weighted one, scaled by doseWeightedScale (1/√Σq²). @default plain sum */
  q2?: Float32Array;
  /** Output (FFT) size. */
  width: number;
  height: number;
  /** The image, width × height row-major; may be one of `parts`' memory, since every column is read before a row is written. */
  out: Float32Array;
}

/**
 * Adds the parts and transforms the sum back, one column block at a time straight into the transform: no added
 * spectrum is stored. The additions and the scaling round to float32 in the same order as adding the parts into the
 * first one and then scaling it would, so the image is the same bit for bit.
 */
export default async function inverseSumTask(input: InverseSumTaskInput): Promise<void> {
  await initFft();
  const { parts, q2, width: w, height: h, out } = input;
  const [first, ...others] = parts;
  const everyRow = Int32Array.from({ length: h }, (_, y) => y);
  fft2d(w, h).inverseRowsFrom((kx0, nb, H, off) => {
    const end = 2 * (kx0 + nb) * h;
    const second = others.length === 1 ? others[0] : null; // the usual two blocks: no inner loop
    for (let j = 2 * kx0 * h, d = off; j < end; j++, d++) {
      let v = first[j];
      if (second) v = Math.fround(v + second[j]);
      else for (let k = 0; k < others.length; k++) v = Math.fround(v + others[k][j]);
      if (q2) v = Math.fround(v * doseWeightedScale(q2[j >> 1]));
      H[d] = v;
    }
  }, everyRow, { width: w, height: h, data: out });
}
