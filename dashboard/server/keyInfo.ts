// Which session, movie and step an object key belongs to (raw movie, step output, error record or parameters).
import { MOVIE_EXTENSIONS, STEP_FOLDER, STEP_OUTPUT_SUFFIXES, STEPS } from '../../lib/events/pipeline.js';
import type { StepName } from '../../lib/events/pipeline.js';

export interface KeyInfo {
  experiment: string;
  session: string;
  /** Movie name below the session folder, without extension; absent for session-wide objects. */
  movie?: string;
  kind: 'raw' | 'output' | 'result' | 'error' | 'params' | 'other';
  step?: StepName;
}

const RAW_RE = new RegExp(`^raw/([^/]+)/([^/]+)/(.+)\\.(${MOVIE_EXTENSIONS.join('|')})$`, 'i');
const PROCESSED_RE = /^processed\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/;
const PARAMS_RE = /^params\/([^/]+)\/([^/]+)\//;
// Longest suffixes first, so "_drift.png" wins over ".png".
const SUFFIXES = STEPS.flatMap((step) => STEP_OUTPUT_SUFFIXES[step].map((suffix) => ({ step, suffix }))).sort((a, b) => b.suffix.length - a.suffix.length);

/** Parses `key`, or null when it lies outside raw/, processed/ and params/. */
export function keyInfo(key: string): KeyInfo | null {
  const raw = RAW_RE.exec(key);
  if (raw) return { experiment: raw[1], session: raw[2], movie: raw[3], kind: 'raw' };
  const p = PROCESSED_RE.exec(key);
  if (p) {
    const [, experiment, session, folder, rest] = p;
    if (folder === 'errors') {
      const m = new RegExp(`^(.+)\\.(${STEPS.join('|')})\\.json$`).exec(rest);
      return m ? { experiment, session, movie: m[1], kind: 'error', step: m[2] as StepName } : { experiment, session, kind: 'other' };
    }
    const step = STEPS.find((s) => STEP_FOLDER[s] === folder);
    if (!step) return { experiment, session, kind: 'other' };
    const hit = SUFFIXES.find((s) => s.step === step && rest.endsWith(s.suffix) && rest.length > s.suffix.length);
    if (!hit) return { experiment, session, kind: 'other' };
    return { experiment, session, movie: rest.slice(0, -hit.suffix.length), kind: hit.suffix === '.json' ? 'result' : 'output', step };
  }
  const params = PARAMS_RE.exec(key);
  if (params) return { experiment: params[1], session: params[2], kind: 'params' };
  return null;
}
