// Task (worker or inline): corrected frames' spectra, Fourier-cropped to the alignment size, on shared memory.
import { fft2d, initFft } from '../fft/index.js';
import { spectrumColumns } from '../fft/index.js';
import { createFrameLoader } from './frameLoader.js';
import type { FrameSet } from './frameSet.js';

export interface SpectraTaskInput {
  set: FrameSet;
  /** Frames to transform. */
  indices: number[];
  /** Cropped (working) size. */
  outWidth: number;
  outHeight: number;
}

/** The spectra of `indices`, in that order; each on its own SharedArrayBuffer, so returning them copies nothing. */
export default async function spectraTask(input: SpectraTaskInput): Promise<Float32Array[]> {
  await initFft();
  const { set, outWidth: ow, outHeight: oh } = input;
  const plan = fft2d(set.paddedWidth, set.paddedHeight);
  const loader = createFrameLoader(set);
  const out: Float32Array[] = [];
  try {
    for (const i of input.indices) {
      const data = new Float32Array(new SharedArrayBuffer(8 * spectrumColumns(ow) * oh));
      const samples = await loader.samples(i);
      plan.forwardCrop((dst) => loader.correct(samples, dst), { width: ow, height: oh, data });
      out.push(data);
    }
  } finally {
    await loader.close();
  }
  return out;
}
