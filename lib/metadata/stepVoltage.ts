// The voltage a step after motioncor uses, with its source: person-set > what motioncor found in the movie's metadata > default.
// ctffind reads the micrograph, whose header carries the pixel size but not the voltage; without this it would fit a
// 200 kV movie at the 300 kV default even though motioncor read 200 kV from its EPU XML.
import { z } from 'zod';
import { resultKey } from '../events/pipeline.js';
import type { MovieRef } from '../events/pipeline.js';
import type { ObjectStore } from '../store/index.js';
import { loadPersonSetOptics } from './personSet.js';
import type { OpticsSource, Sourced } from './types.js';

const RecordedVoltage = z.object({ parameters: z.object({ optics: z.object({ voltageKv: z.object({ value: z.number().positive(), source: z.string() }) }) }) });

/** Motioncor's recorded voltage when it came from metadata; null when absent, unreadable, or not from metadata. */
async function recordedMetadataVoltage(store: Pick<ObjectStore, 'head' | 'getBytes'>, ref: MovieRef): Promise<Sourced<number> | null> {
  try {
    const key = resultKey('motioncor', ref);
    if (!(await store.head(key))) return null;
    const parsed = RecordedVoltage.safeParse(JSON.parse(new TextDecoder().decode(await store.getBytes(key))));
    const v = parsed.data?.parameters.optics.voltageKv;
    return v && v.source.startsWith('metadata:') ? { value: v.value, source: v.source as OpticsSource } : null;
  } catch {
    // An ad-hoc call has no motioncor result of its own: the request's and session's values stand.
    return null;
  }
}

/** `fallback` is the session parameters' voltage (its default when nobody set one). */
export async function stepVoltage(store: ObjectStore, ref: MovieRef, overrides: Record<string, unknown>, fallback: number): Promise<Sourced<number>> {
  const person = await loadPersonSetOptics(store, ref, overrides);
  if (person.voltageKv !== undefined) return { value: person.voltageKv, source: 'session' };
  return (await recordedMetadataVoltage(store, ref)) ?? { value: fallback, source: 'default' };
}
