// pick: Appion-style DoG particle picking of the motion-corrected micrograph ('cpu-dog'); RELION coordinate STAR, preview PNG, result.
import { createStepHandler } from '../../lib/steps/index.js';
import type { StepDefinition } from '../../lib/steps/index.js';
import { pickMicrograph } from '../../lib/pick/index.js';
import type { PickResult } from '../../lib/pick/index.js';

/**
 * Triggered by the ctf result JSON (so a later version can use the CTF); reads the micrograph written by
 * motioncor. Pixel size from the MRC header (session pixelSizeA × binning when the header has none).
 */
export const pick: StepDefinition<PickResult> = {
  step: 'pick',
  async run({ source: key, store, params, log }) {
    const out = await pickMicrograph(await store.getBytes(key), key, {
      diameterA: params.particleDiameterA,
      fallbackPixelSizeA: params.pixelSizeA * params.binning,
      // The session's 0–1 threshold; unset keeps the picker's default 4 σ (pickThresholdSigma maps it).
      ...(params.pickThreshold === undefined ? {} : { pickThreshold: params.pickThreshold }),
    });
    log.info('picked', { count: out.result.count, thresholdSigma: out.result.thresholds.sigma, seconds: out.result.timing.seconds });
    return {
      files: [
        { suffix: '.star', body: out.star, contentType: 'text/plain' },
        { suffix: '_picks.png', body: out.png, contentType: 'image/png' },
      ],
      result: out.result,
      software: { implementation: out.result.implementation, version: out.result.version },
      // Sources as the other steps record them: the header is what motioncor wrote from session > metadata > default.
      parameters: {
        ...out.result.parameters, threshold: out.result.thresholds,
        pixelSizeSource: out.pixelSizeSource === 'header' ? 'micrograph header (motioncor)' : 'session',
      },
    };
  },
};

export default createStepHandler(pick);
