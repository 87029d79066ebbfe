// motioncor function: downloads the movie (and the session's gain), runs lib/motion, returns its files and results.
import { basename, join } from 'node:path';
import { motionCor2FromEnv, motionCorrect } from '../../lib/motion/index.js';
import type { MotioncorResults } from '../../lib/motion/index.js';
import { sharedWorkerPool } from '../../lib/parallel/workerPool.js';
import { createStepHandler } from '../../lib/steps/index.js';
import type { StepDefinition } from '../../lib/steps/index.js';

/** MotionCor2 (when configured) is killed at the host's deadline; the CPU path stops at the runner's checks. */
const withSignal = <T extends object>(run: T | undefined, signal: AbortSignal): (T & { signal: AbortSignal }) | undefined => (run ? { ...run, signal } : undefined);

export const motioncor: StepDefinition<MotioncorResults> = {
  step: 'motioncor',
  async run({ input, store, params, workDir, log, signal }) {
    // Named after the key so error messages name the movie.
    const moviePath = join(workDir, basename(input.key));
    await store.downloadToFile(input.key, moviePath);
    let gainFile: { path: string; rotate: 0 | 1 | 2 | 3; flip: 0 | 1 | 2 } | undefined;
    if (params.gain) {
      // Keep the key's extension: an EER `.gain` is read differently from an MRC/TIFF gain.
      const path = join(workDir, `gain-${basename(params.gain.key)}`);
      await store.downloadToFile(params.gain.key, path);
      gainFile = { path, rotate: params.gain.rotate as 0 | 1 | 2 | 3, flip: params.gain.flip as 0 | 1 | 2 };
    }
    const out = await motionCorrect(moviePath, {
      pixelSizeA: params.pixelSizeA, dosePerFrame: params.dosePerFrame, preExposure: params.preExposure, voltageKv: params.voltageKv,
      binning: params.binning, eerGroup: params.eerGroup, gainFile, patches: params.patches, motionCor2: withSignal(motionCor2FromEnv(process.env, params.patches), signal), onProgress: (m) => log.info('progress', { message: m }),
    });
    return {
      files: out.files,
      result: out.results,
      software: out.software,
      parameters: {
        pixelSizeA: params.pixelSizeA, dosePerFrame: params.dosePerFrame, preExposure: params.preExposure, voltageKv: params.voltageKv,
        binning: params.binning, eerGroup: params.eerGroup, gain: params.gain ?? null, patches: params.patches, localModel: out.results.localModel !== null, bfactor: out.results.alignment.bfactor,
      },
    };
  },
};

// With WORKER_WARM=true (stack.yml) the threads start with the host, so even the first small movie finds them up.
sharedWorkerPool();

export default createStepHandler(motioncor);
