// Which optics a person set for this movie: keys present in session.json or in the request's overrides.
import type { MovieRef } from '../events/pipeline.js';
import { sessionParamsKey } from '../events/pipeline.js';
import type { ObjectStore } from '../store/index.js';
import type { PersonSet } from './resolveOptics.js';

const FIELDS = ['pixelSizeA', 'voltageKv', 'dosePerFrame'] as const;

function pickSet(source: Record<string, unknown>, into: PersonSet): void {
  for (const f of FIELDS) {
    const v = source[f];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) into[f] = v;
  }
}

/** Person-set optics; a missing or unreadable session.json sets nothing (loadSessionParams reports it). */
export async function loadPersonSetOptics(store: ObjectStore, ref: Pick<MovieRef, 'experiment' | 'session'>, overrides: Record<string, unknown>): Promise<PersonSet> {
  const out: PersonSet = {};
  const key = sessionParamsKey(ref);
  if (await store.head(key)) {
    try {
      const value: unknown = JSON.parse(new TextDecoder().decode(await store.getBytes(key)));
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) pickSet(value as Record<string, unknown>, out);
    } catch {
      // Not JSON: loadSessionParams has already refused the run with the reason.
    }
  }
  pickSet(overrides, out);
  return out;
}
