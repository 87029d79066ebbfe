// motioncor function: downloads the movie (and the session's gain), runs lib/motion, returns its files and results.
import { basename, join } from 'node:path';
import { loadMovieOptics } from '../../lib/metadata/index.js';
import { motionCor2FromEnv, motionCorrect } from '../../lib/motion/index.js';
import type { MotioncorResults } from '../../lib/motion/index.js';
import { sharedWorkerPool } from '../../lib/parallel/workerPool.js';
import { createStepHandler, motioncorFiles } from '../../lib/steps/index.js';
import type { StepDefinition } from '../../lib/steps/index.js';

/** MotionCor2 (when configured) is killed at the host's deadline; the CPU path stops at the runner's checks. */
const withSignal = <T extends object>(run: T | undefined, signal: AbortSignal): (T & { signal: AbortSignal }) | undefined => (run ? { ...run, signal } : undefined);

export const motioncor: StepDefinition<MotioncorResults> = {
  step: 'motioncor',
  async run({ ref, source, input, store, params: sessionParams, overrides, workDir, log, signal }) {
    // Named after the key so error messages name the movie.
    const moviePath = join(workDir, basename(source));
    await store.downloadToFile(source, moviePath);
    // Person-set values > the microscope's metadata > defaults; the sources go into the result JSON.
    const optics = await loadMovieOptics(store, ref, source, moviePath, sessionParams, overrides, input.metadata);
    const params = { ...sessionParams, pixelSizeA: optics.pixelSizeA.value, voltageKv: optics.voltageKv.value, dosePerFrame: optics.dosePerFrame.value };
    let gainFile: { path: string; rotate: 0 | 1 | 2 | 3; flip: 0 | 1 | 2 } | undefined;
    if (params.gain) {
      // Keep the key's extension: an EER `.gain` is read differently from an MRC/TIFF gain.
      const path = join(workDir, `gain-${basename(params.gain.key)}`);
      await store.downloadToFile(params.gain.key, path);
      gainFile = { path, rotate: params.gain.rotate as 0 | 1 | 2 | 3, flip: params.gain.flip as 0 | 1 | 2 };
    }
    const out = await motionCorrect(moviePath, {
      pixelSizeA: params.pixelSizeA, dosePerFrame: params.dosePerFrame, preExposure: params.preExposure, voltageKv: params.voltageKv,
      binning: params.binning, eerGroup: params.eerGroup, bfactor: params.motionBfactor, gainFile, patches: params.patches, motionCor2: withSignal(motionCor2FromEnv(process.env, params.patches), signal), onProgress: (m) => log.info('progress', { message: m }),
    });
    return {
      files: await motioncorFiles(out),
      result: out.results,
      software: out.software,
      parameters: {
        pixelSizeA: params.pixelSizeA, dosePerFrame: params.dosePerFrame, preExposure: params.preExposure, voltageKv: params.voltageKv,
        binning: params.binning, eerGroup: params.eerGroup, gain: params.gain ?? null, patches: params.patches, optics, localModel: out.results.localModel !== null, bfactor: out.results.alignment.bfactor,
      },
    };
  },
};

// With WORKER_WARM=true (stack.yml) the threads start with the host, so even the first small movie finds them up.
sharedWorkerPool();

export default createStepHandler(motioncor);
