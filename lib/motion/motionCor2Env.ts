// Reads the MotionCor2 wrapper settings from the environment (validated): MOTIONCOR2_BIN, MOTIONCOR2_GPU, MOTIONCOR2_TIMEOUT_S.
import { z } from 'zod';
import type { RunMotionCor2Options } from './motionCorrectTypes.js';

const Env = z.object({
  /** Empty counts as unset. */
  MOTIONCOR2_BIN: z.string().optional(),
  MOTIONCOR2_GPU: z.coerce.number().int().nonnegative().default(0),
  MOTIONCOR2_TIMEOUT_S: z.coerce.number().positive().default(1800),
});

/** The wrapper options when MOTIONCOR2_BIN is set, else undefined (our CPU implementation runs). */
export function motionCor2FromEnv(env: NodeJS.ProcessEnv = process.env, patches?: [number, number]): RunMotionCor2Options | undefined {
  const e = Env.parse(env);
  if (!e.MOTIONCOR2_BIN) return undefined;
  return { bin: e.MOTIONCOR2_BIN, gpu: e.MOTIONCOR2_GPU, timeoutMs: e.MOTIONCOR2_TIMEOUT_S * 1000, patches };
}
