// Ad-hoc step calls: any object of a step's input kind, outputs under a per-caller, per-call prefix.
//
// Ad-hoc outputs reuse the pipeline's key functions: an output prefix processed/<a>/<b…>/ is read as
// experiment <a> and session <b…>, so outputKey/resultKey/errorKey place files under it unchanged.
// The default prefix processed/adhoc/<caller>/<call-id>/ puts the call id where the pipeline's step
// folder sits (processed/<exp>/<session>/<step-folder>/…), so no stack.yml topic and no
// parseInputKey matches an ad-hoc output: nothing downstream runs. With "chain": true the default is
// processed/adhoc-<caller>/<call-id>/, a pipeline-shaped session whose result JSONs trigger the next step.
import { MOVIE_EXTENSIONS, STEP_FOLDER, STEPS, parseInputKey, resultKey, stepsTriggeredBy } from './pipeline.js';
import type { MovieRef, StepName } from './pipeline.js';

/** Caller when the gateway names none (no auth in front of the function). */
export const ANONYMOUS_CALLER = 'anonymous';

/** One key segment a caller or call id may be: no '/', '.', '..', nothing a glob would read specially. */
const SEGMENT_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** File extensions each step accepts as an ad-hoc input (movies for motioncor, MRC micrographs otherwise). */
export const ADHOC_INPUT_EXTENSIONS: Record<StepName, readonly string[]> = {
  motioncor: MOVIE_EXTENSIONS,
  ctffind: ['mrc'],
  pick: ['mrc'],
  finalize: [],
};

/** The step that a step's result JSON triggers, or null for the last one. */
export function nextStep(step: StepName): StepName | null {
  const i = STEPS.indexOf(step);
  return i + 1 < STEPS.length ? STEPS[i + 1] : null;
}

/** True when `value` is usable as one key segment of an ad-hoc prefix. */
export function isSafeSegment(value: string): boolean {
  // A segment equal to a step folder would let an ad-hoc key look like a pipeline key.
  return SEGMENT_RE.test(value) && !Object.values(STEP_FOLDER).includes(value as never);
}

/** processed/adhoc/<caller>/<call-id>/ (never triggers) or, chained, processed/adhoc-<caller>/<call-id>/. */
export function adhocPrefix(caller: string, callId: string, chain = false): string {
  for (const [what, v] of [['caller', caller], ['call id', callId]] as const) {
    if (!isSafeSegment(v)) throw new Error(`ad-hoc prefix: ${what} "${v}" is not a plain key segment (letters, digits, _ and -; not a step folder)`);
  }
  return chain ? `processed/adhoc-${caller}/${callId}/` : `processed/adhoc/${caller}/${callId}/`;
}

/** Why `prefix` cannot hold outputs, or null: processed/<exp>/<session…>/ with plain segments. */
export function prefixProblem(prefix: string): string | null {
  const parts = prefix.split('/');
  if (parts[0] !== 'processed' || parts.length < 4 || parts[parts.length - 1] !== '') return 'expected processed/<experiment>/<session>/ (at least two folders, ending in "/")';
  if (parts.slice(1, -1).some((p) => p === '' || p === '.' || p === '..' || /[*?[\]{}!]/.test(p))) return 'has an empty, "." or ".." folder or a glob character';
  return null;
}

/** The MovieRef whose output keys land under `prefix`, for the input file `inputKey` (its base name, without extension). */
export function refForPrefix(prefix: string, inputKey: string): MovieRef {
  const problem = prefixProblem(prefix);
  if (problem) throw new Error(`output prefix "${prefix}": ${problem}`);
  const [, experiment, ...rest] = prefix.slice(0, -1).split('/');
  const base = inputKey.slice(inputKey.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return { experiment, session: rest.join('/'), movie: dot > 0 ? base.slice(0, dot) : base };
}

/** True when `key` has an extension `step` accepts as an ad-hoc input. */
export function isAdhocInput(step: StepName, key: string): boolean {
  const ext = /\.([^./]+)$/.exec(key)?.[1]?.toLowerCase();
  return ext !== undefined && ADHOC_INPUT_EXTENSIONS[step].includes(ext);
}

/** What `step` accepts, in words, for error messages. */
export function acceptedInputs(step: StepName): string {
  const kinds = ADHOC_INPUT_EXTENSIONS[step];
  const adhoc = kinds.length ? ` or any ${step === 'motioncor' ? 'movie' : 'MRC micrograph'} (${kinds.map((e) => `.${e}`).join(', ')})` : '';
  return `its pipeline trigger${adhoc}`;
}

/** The problem with the outputs of an ad-hoc run of `step` at `ref`, or null: unchained must trigger nothing, chained must trigger the next step. */
export function chainProblem(step: StepName, ref: MovieRef, chain: boolean): string | null {
  const key = resultKey(step, ref);
  const triggered = stepsTriggeredBy(key).map((t) => t.step);
  if (!chain && triggered.length > 0) return `its result "${key}" would trigger ${triggered.join(', ')}; pass "chain": true or choose a prefix outside the pipeline's layout`;
  const next = nextStep(step);
  if (chain && (next === null || !triggered.includes(next))) return `"chain": true needs a result key that triggers ${next ?? 'a next step'}, "${key}" does not`;
  return null;
}

/** True when `key` is the pipeline input of `step` (so no ad-hoc handling is needed). */
export function isPipelineInput(step: StepName, key: string): boolean {
  return parseInputKey(step, key) !== null;
}
