// The one table of the pipeline's object keys: what each step reads, what it writes, where errors go.
// The connector, reconciliation, the functions and the CLI all derive keys from here, never by hand.
import { InvalidInputError } from '../errors.js';
import { keyProblem, segmentProblem } from '../store/keySafety.js';

export const STEPS = ['motioncor', 'ctffind', 'pick', 'finalize'] as const;
export type StepName = (typeof STEPS)[number];

export const MOVIE_EXTENSIONS = ['tif', 'tiff', 'mrc', 'eer'] as const;

/** One movie of one session; `movie` is the path below the session folder without extension (may hold '/'). */
export interface MovieRef {
  experiment: string;
  session: string;
  movie: string;
}

/** Files each step writes, as suffixes of `<movie>`; the `.json` result is written last and commits the step. */
export const STEP_OUTPUT_SUFFIXES: Record<StepName, readonly string[]> = {
  motioncor: ['.mrc', '_noDW.mrc', '.png', '_drift.png', '.json'],
  ctffind: ['.txt', '_avrot.txt', '_spectrum.png', '.json'],
  pick: ['.star', '_picks.png', '.json'],
  finalize: ['.json'],
};

/** Folder under processed/<exp>/<session>/ that holds each step's outputs. */
export const STEP_FOLDER: Record<StepName, string> = {
  motioncor: 'motioncor',
  ctffind: 'ctf',
  pick: 'picks',
  finalize: 'finalize',
};

const SEGMENT = '[^/]+';
const MOVIE_RE = new RegExp(`^raw/(${SEGMENT})/(${SEGMENT})/(.+)\\.(${MOVIE_EXTENSIONS.join('|')})$`, 'i');

function processedRe(folder: string): RegExp {
  return new RegExp(`^processed/(${SEGMENT})/(${SEGMENT})/${folder}/(.+)\\.json$`);
}

/** The step whose result JSON triggers each step (motioncor is triggered by the raw movie). */
export const TRIGGERED_BY: Record<StepName, StepName | 'raw'> = {
  motioncor: 'raw',
  ctffind: 'motioncor',
  pick: 'ctffind',
  finalize: 'pick',
};

/** Parses the key that triggers `step` into its movie, or null when the key is not such an input. */
export function parseInputKey(step: StepName, key: string): MovieRef | null {
  const prev = TRIGGERED_BY[step];
  const m = prev === 'raw' ? MOVIE_RE.exec(key) : processedRe(STEP_FOLDER[prev]).exec(key);
  if (!m) return null;
  const [, experiment, session, movie] = m;
  // The store's rule (lib/store/keySafety.ts): a key that could climb out of its folder is never an input.
  if (segmentProblem(experiment) || segmentProblem(session) || keyProblem(movie)) return null;
  return { experiment, session, movie };
}

/** Throws naming the segment when an experiment or session name could not be stored as one key segment. */
export function assertSessionSegments(ref: Pick<MovieRef, 'experiment' | 'session'>): void {
  const problem = segmentProblem(ref.experiment);
  if (problem) throw new InvalidInputError(`experiment ${JSON.stringify(ref.experiment)} ${problem}`);
  // Ad-hoc output prefixes (lib/events/adhoc.ts) read processed/adhoc/<caller>/<call-id>/ as session
  // "<caller>/<call-id>": a session may span folders, but each of them must be a safe segment.
  for (const part of ref.session.split('/')) {
    const partProblem = segmentProblem(part);
    if (partProblem) throw new InvalidInputError(`session ${JSON.stringify(ref.session)}: folder ${JSON.stringify(part)} ${partProblem}`);
  }
}

/** processed/<exp>/<session>/ */
export function processedPrefix(ref: Pick<MovieRef, 'experiment' | 'session'>): string {
  assertSessionSegments(ref);
  return `processed/${ref.experiment}/${ref.session}/`;
}

/** raw/<exp>/<session>/ */
export function rawPrefix(ref: Pick<MovieRef, 'experiment' | 'session'>): string {
  assertSessionSegments(ref);
  return `raw/${ref.experiment}/${ref.session}/`;
}

/** Key of one output file of `step` for `ref`, by suffix from STEP_OUTPUT_SUFFIXES. */
export function outputKey(step: StepName, ref: MovieRef, suffix: string): string {
  return `${processedPrefix(ref)}${STEP_FOLDER[step]}/${ref.movie}${suffix}`;
}

/** Every output key of `step` for `ref`, keyed by suffix, in write order (result JSON last). */
export function stepOutputKeys(step: StepName, ref: MovieRef): Record<string, string> {
  const out: Record<string, string> = {};
  for (const suffix of STEP_OUTPUT_SUFFIXES[step]) out[suffix] = outputKey(step, ref, suffix);
  return out;
}

/** The result JSON: the last object a step writes, recording the input's ETag. */
export function resultKey(step: StepName, ref: MovieRef): string {
  return outputKey(step, ref, '.json');
}

/** Error record of a failed step: processed/<exp>/<session>/errors/<movie>.<step>.json */
export function errorKey(step: StepName, ref: MovieRef): string {
  return `${processedPrefix(ref)}errors/${ref.movie}.${step}.json`;
}

/** Session parameters object that the functions read (written by the dashboard or by hand). */
export function sessionParamsKey(ref: Pick<MovieRef, 'experiment' | 'session'>): string {
  assertSessionSegments(ref);
  return `params/${ref.experiment}/${ref.session}/session.json`;
}

/** A gain reference of a session, under its own gain/ folder so that no name can replace session.json. */
export function gainReferenceKey(ref: Pick<MovieRef, 'experiment' | 'session'>, name: string): string {
  assertSessionSegments(ref);
  const problem = segmentProblem(name);
  if (problem) throw new InvalidInputError(`gain reference name ${JSON.stringify(name)} ${problem}`);
  return `params/${ref.experiment}/${ref.session}/gain/${name}`;
}

/** The aligned, dose-weighted micrograph that ctffind and pick read. */
export function micrographKey(ref: MovieRef): string {
  return outputKey('motioncor', ref, '.mrc');
}

/** Every step whose input this key is (usually zero or one). */
export function stepsTriggeredBy(key: string): { step: StepName; ref: MovieRef }[] {
  const hits: { step: StepName; ref: MovieRef }[] = [];
  for (const step of STEPS) {
    const ref = parseInputKey(step, key);
    if (ref) hits.push({ step, ref });
  }
  return hits;
}
