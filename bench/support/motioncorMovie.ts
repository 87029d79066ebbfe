// The bench's movie: simulated at any detector shape and written as LZW TIFF (K3), EER (Falcon 4i) or MRC, plus the
// sum aligned by the true global motion (the quality figure's denominator), accumulated while the movie is written.
import type { Image2D } from '../../lib/image.js';
import { cropImage, padToFftSize, shiftImage } from '../../lib/fft/index.js';
import { simulateMovie, writeSynthMovie } from '../../lib/synth/index.js';
import type { SimulateMovieOptions, SynthTruth } from '../../lib/synth/index.js';

export type MovieKind = 'tiff' | 'eer' | 'mrc';

export interface BenchMovieOptions extends SimulateMovieOptions {
  kind: MovieKind;
  /** EER raw frames per fraction. */
  eerGrouping: number;
  mrcMode: 0 | 1 | 2 | 6 | 12;
  /** Build the truth-aligned sum (2 FFTs per frame while writing; off for quick runs). */
  reference: boolean;
}

export interface BenchMovie {
  file: string;
  truth: SynthTruth;
  clean: Image2D;
  /** Frames shifted back by the true global shifts and summed; null when not asked for. */
  reference: Image2D | null;
  writeSeconds: number;
}

export async function writeBenchMovie(dir: string, o: BenchMovieOptions): Promise<BenchMovie> {
  const t0 = performance.now();
  const sim = await simulateMovie(o);
  const { width: w, height: h } = sim.truth;
  const acc = o.reference ? new Float32Array(w * h) : null;
  function* frames(): Generator<Image2D> {
    let i = 0;
    for (const f of sim.frames()) {
      if (acc) {
        const s = sim.truth.shifts[i];
        const back = cropImage(shiftImage(padToFftSize(f), -s.dx, -s.dy), w, h);
        for (let k = 0; k < acc.length; k++) acc[k] += back.data[k];
      }
      i++;
      yield f;
    }
  }
  const truth = await writeSynthMovie(dir, { ...sim, frames }, { format: o.kind, name: 'movie', eerGrouping: o.eerGrouping, mrcMode: o.mrcMode, truthDir: `${dir}/truth` });
  return { file: truth.files.movie ?? 'movie', truth, clean: sim.clean, reference: acc && { width: w, height: h, data: acc }, writeSeconds: (performance.now() - t0) / 1000 };
}
