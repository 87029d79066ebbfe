// The bench's movie: simulated at any detector shape and written as LZW TIFF (K3), EER (Falcon 4i) or MRC, plus the
// sums aligned by the true motion (the quality figure's denominator), accumulated while the movie is written.
import type { Image2D } from '../../lib/image.js';
import { cropImage, padToFftSize, shiftImage } from '../../lib/fft/index.js';
import { warpLocal } from '../../lib/motion/warpLocal.js';
import { simulateMovie, writeSynthMovie } from '../../lib/synth/index.js';
import type { SimulateMovieOptions, SynthTruth } from '../../lib/synth/index.js';

export type MovieKind = 'tiff' | 'eer' | 'mrc';

export interface BenchMovieOptions extends SimulateMovieOptions {
  kind: MovieKind;
  /** EER raw frames per fraction. */
  eerGrouping: number;
  mrcMode: 0 | 1 | 2 | 6 | 12;
  /** Build the truth-aligned sums (2 FFTs per frame while writing, a warp more with local motion; off for quick runs). */
  reference: boolean;
}

export interface BenchMovie {
  file: string;
  truth: SynthTruth;
  clean: Image2D;
  /**
   * Frames aligned by the true motion and summed: the local field undone first (bilinear, as the sums of ours and
   * RELION do), then the global shift (Fourier). Null when not asked for.
   */
  reference: Image2D | null;
  /** Frames shifted back by the true global shifts only (the figure before local motion was scored); null without local motion. */
  referenceGlobal: Image2D | null;
  writeSeconds: number;
}

export async function writeBenchMovie(dir: string, o: BenchMovieOptions): Promise<BenchMovie> {
  const t0 = performance.now();
  const sim = await simulateMovie(o);
  const { width: w, height: h, localMotion } = sim.truth;
  const acc = o.reference ? new Float32Array(w * h) : null;
  const accGlobal = o.reference && localMotion ? new Float32Array(w * h) : null;
  const add = (sum: Float32Array, img: Image2D): void => {
    for (let k = 0; k < sum.length; k++) sum[k] += img.data[k];
  };
  function* frames(): Generator<Image2D> {
    let i = 0;
    for (const f of sim.frames()) {
      if (acc) {
        const s = sim.truth.shifts[i];
        // Local motion is only simulated on FFT-size movies (no padding), where warping before the shift is exact.
        const unwarped = localMotion ? warpLocal(f, localMotion, i, { width: w, height: h }) : f;
        add(acc, cropImage(shiftImage(padToFftSize(unwarped), -s.dx, -s.dy), w, h));
        if (accGlobal) add(accGlobal, cropImage(shiftImage(padToFftSize(f), -s.dx, -s.dy), w, h));
      }
      i++;
      yield f;
    }
  }
  const truth = await writeSynthMovie(dir, { ...sim, frames }, { format: o.kind, name: 'movie', eerGrouping: o.eerGrouping, mrcMode: o.mrcMode, truthDir: `${dir}/truth` });
  const image = (data: Float32Array | null): Image2D | null => data && { width: w, height: h, data };
  return { file: truth.files.movie ?? 'movie', truth, clean: sim.clean, reference: image(acc), referenceGlobal: image(accGlobal), writeSeconds: (performance.now() - t0) / 1000 };
}
