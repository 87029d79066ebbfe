// Reads the step result JSONs finalize needs, defensively: only the fields it uses, validated with zod.
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { processedPrefix, resultKey, STEP_FOLDER } from '../events/pipeline.js';
import type { MovieRef } from '../events/pipeline.js';
import type { ObjectStore } from '../store/index.js';
import type { ArchivedStep } from './layout.js';
import { CtfValues } from './movieRecord.js';

const ResultFile = z.object({ outputs: z.array(z.string()).default([]), results: z.unknown().optional(), parameters: z.unknown().optional() });
const PickResults = z.object({ count: z.number().int().nonnegative() });

export interface StepResultInfo {
  key: string;
  /** Output keys of the step's folder for this session, result JSON last. */
  keys: string[];
  results: unknown;
  /** The step's recorded `parameters` (motioncor: the optics it resolved), as stored. */
  parameters: unknown;
}

/** The result JSON of `step` for `ref` and the output keys it lists; throws NotFoundError when missing. */
export async function readStepResult(store: Pick<ObjectStore, 'head' | 'getBytes'>, step: ArchivedStep, ref: MovieRef): Promise<StepResultInfo> {
  const key = resultKey(step, ref);
  if (!(await store.head(key))) throw new NotFoundError(`movie "${ref.movie}": ${step} result "${key}" does not exist; finalize needs every step's result`);
  const text = new TextDecoder().decode(await store.getBytes(key));
  const parsed = ResultFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${step} result "${key}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const folder = `${processedPrefix(ref)}${STEP_FOLDER[step]}/`;
  const outputs = parsed.data.outputs.filter((k) => k.startsWith(folder) && k !== key);
  return { key, keys: [...new Set(outputs), key], results: parsed.data.results, parameters: parsed.data.parameters };
}

/** CTF values from a ctffind result, or null when they are absent or malformed. */
export function ctfValuesOf(results: unknown): CtfValues | null {
  const parsed = CtfValues.safeParse(results);
  return parsed.success ? parsed.data : null;
}

/** The particle count from a pick result, or null. */
export function particleCountOf(results: unknown): number | null {
  const parsed = PickResults.safeParse(results);
  return parsed.success ? parsed.data.count : null;
}
