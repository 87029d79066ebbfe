// ctffind: CTF estimation of the aligned micrograph (our CPU estimator, or CTFFIND itself when CTFFIND_BIN is set).
import { z } from 'zod';
import { createStepHandler, ctffindFiles } from '../../lib/steps/index.js';
import type { StepDefinition } from '../../lib/steps/index.js';
import { ctffindAuto, ctffindParameters, readMicrograph } from '../../lib/ctf/index.js';
import { stepVoltage } from '../../lib/metadata/index.js';
import type { CtffindResults } from '../../lib/ctf/index.js';

/** Step-specific settings a request may override (session params carry the optics). */
const CtffindOverrides = z.object({
  box: z.number().int().min(128).optional(),
  minResA: z.number().positive().optional(),
  maxResA: z.number().positive().optional(),
  minDefocusA: z.number().optional(),
  maxDefocusA: z.number().optional(),
  findPhaseShift: z.boolean().optional(),
  astigmatismRestraintA: z.number().positive().optional(),
});

/** CTFFIND_BIN set (non-empty): wrap that binary; CTFFIND_VERSION overrides its detected version. */
const CtffindEnv = z.object({ CTFFIND_BIN: z.string().min(1).optional().catch(undefined), CTFFIND_VERSION: z.string().min(1).optional().catch(undefined) });

export const ctffind: StepDefinition<CtffindResults> = {
  step: 'ctffind',
  async run({ ref, source: key, store, params, overrides, log, workDir, signal }) {
    // The micrograph's own pixel size (motioncor may have binned), falling back to the session's.
    const { image, pixelSizeA } = readMicrograph(await store.getBytes(key), key);
    const extra = CtffindOverrides.parse({ ...params.ctfSearch, ...overrides });
    // Person-set > the movie's metadata (as motioncor recorded it) > default; the source goes into the result.
    const voltage = await stepVoltage(store, ref, overrides, params.voltageKv);
    const p = ctffindParameters({ ...extra, pixelSizeA, voltageKv: voltage.value, csMm: params.csMm, amplitudeContrast: params.amplitudeContrast });
    const env = CtffindEnv.parse(process.env);
    const run = await ctffindAuto(image, p, { inputName: key, workDir, ctffindBin: env.CTFFIND_BIN, ctffindVersion: env.CTFFIND_VERSION, signal });
    log.info('ctf', { ...run.results, timings: run.timings, implementation: run.software.implementation });
    return { files: await ctffindFiles(run), result: run.results, software: run.software, parameters: { ...p, voltageSource: voltage.source, timings: run.timings } };
  },
};

export default createStepHandler(ctffind);
