// motioncor (first stand-in): plain sum of the movie's frames, no alignment; says so as implementation 'plain-sum'.
import { join } from 'node:path';
import { encodeMrc } from '../../lib/formats/mrc/index.js';
import { openMovie } from '../../lib/formats/movie.js';
import { createImage } from '../../lib/image.js';
import { createStepHandler, imagePng } from '../../lib/steps/index.js';
import type { StepDefinition } from '../../lib/steps/index.js';

const MRC = 'application/octet-stream';

export const motioncor: StepDefinition<{ frames: number; width: number; height: number; shifts: [number, number][] }> = {
  step: 'motioncor',
  async run({ input, store, params, workDir, log }) {
    const path = join(workDir, 'movie');
    await store.downloadToFile(input.key, path);
    const movie = await openMovie(path, { eerGroup: params.eerGroup });
    const sum = createImage(movie.width, movie.height);
    try {
      for (let i = 0; i < movie.frameCount; i++) {
        const frame = await movie.readFrame(i);
        for (let p = 0; p < sum.data.length; p++) sum.data[p] += frame.data[p];
      }
    } finally {
      await movie.close();
    }
    log.info('summed', { frames: movie.frameCount, width: movie.width, height: movie.height });
    const mrc = encodeMrc([sum], { pixelSizeA: params.pixelSizeA, mode: 2 });
    const png = await imagePng(sum);
    // No alignment: every shift is zero, drawn as a flat trace.
    const shifts = Array.from({ length: movie.frameCount }, (): [number, number] => [0, 0]);
    const drift = await imagePng({ width: 64, height: 64, data: new Float32Array(64 * 64).map((_, i) => (i % 64 === 32 || Math.floor(i / 64) === 32 ? 1 : 0)) }, { maxSize: 256 });
    return {
      files: [
        { suffix: '.mrc', body: mrc, contentType: MRC },
        { suffix: '_noDW.mrc', body: mrc, contentType: MRC },
        { suffix: '.png', body: png, contentType: 'image/png' },
        { suffix: '_drift.png', body: drift, contentType: 'image/png' },
      ],
      result: { frames: movie.frameCount, width: movie.width, height: movie.height, shifts },
      software: { implementation: 'plain-sum', version: '0' },
      parameters: { pixelSizeA: params.pixelSizeA, eerGroup: params.eerGroup, doseWeighting: false, alignment: 'none' },
    };
  },
};

export default createStepHandler(motioncor);
