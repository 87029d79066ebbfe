// Reads a movie's session parameters from the bucket and applies a request's overrides.
import type { MovieRef } from '../events/pipeline.js';
import { sessionParamsKey } from '../events/pipeline.js';
import { settingsMessages } from '../events/processingSettings.js';
import { SessionParams } from '../events/sessionParams.js';
import { InvalidInputError } from '../errors.js';
import type { ObjectStore } from '../store/index.js';

/** session.json (missing → defaults) merged with `overrides`; InvalidInputError names the bad field. */
export async function loadSessionParams(store: ObjectStore, ref: MovieRef, overrides: Record<string, unknown> = {}): Promise<SessionParams> {
  const key = sessionParamsKey(ref);
  let stored: Record<string, unknown> = {};
  if (await store.head(key)) {
    const text = new TextDecoder().decode(await store.getBytes(key));
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
      stored = value as Record<string, unknown>;
    } catch (err) {
      throw new InvalidInputError(`session parameters "${key}": not a JSON object`, { cause: err });
    }
  }
  const known = Object.fromEntries(Object.entries(overrides).filter(([name]) => name in SessionParams.shape));
  const parsed = SessionParams.safeParse({ ...stored, ...known });
  if (!parsed.success) {
    const problems = Object.entries(settingsMessages(parsed.error)).map(([path, message]) => `${path}: ${message}`).join('; ');
    throw new InvalidInputError(`session parameters "${key}" with request overrides: ${problems}`);
  }
  return parsed.data;
}
