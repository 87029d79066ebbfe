// session.json keeps only what a person set, so the steps can tell a person's value from a default (lib/metadata precedence).
import type { SessionParams } from '../../lib/events/sessionParams.js';
import type { ObjectStore } from '../../lib/store/index.js';

/** The validated values of the fields the request body names; defaults zod filled in are dropped. */
export function givenOnly(parsed: SessionParams, body: unknown): Partial<SessionParams> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const named = new Set(Object.keys(body));
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => named.has(k))) as Partial<SessionParams>;
}

/** Field names present in the stored session.json ([] when there is none or it is not an object). */
export async function storedFieldNames(store: Pick<ObjectStore, 'head' | 'getBytes'>, key: string): Promise<string[]> {
  if (!(await store.head(key))) return [];
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(await store.getBytes(key)));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v) : [];
  } catch {
    return [];
  }
}
