// One movie's optics for a step: person-set values, then the companion XML/mdoc in the bucket, then the movie header.
import type { MovieRef } from '../events/pipeline.js';
import type { SessionParams } from '../events/sessionParams.js';
import { openMovie } from '../formats/movie.js';
import type { ObjectStore } from '../store/index.js';
import { companionKeys, epuNameValues } from './companions.js';
import { parseEpuXml } from './epuXml.js';
import { movieHeaderValues } from './fromMovie.js';
import { parseMdoc } from './mdoc.js';
import { loadPersonSetOptics } from './personSet.js';
import { resolveOptics } from './resolveOptics.js';
import type { MovieMetadata, ResolvedOptics } from './types.js';

async function firstExisting(store: ObjectStore, keys: readonly string[]): Promise<{ key: string; text: string } | null> {
  for (const key of keys) {
    if (await store.head(key)) return { key, text: new TextDecoder().decode(await store.getBytes(key)) };
  }
  return null;
}

/** Metadata of a movie in trust order: EPU XML, SerialEM mdoc, EPU names in the key, the file's own header. */
export async function movieMetadata(store: ObjectStore, movieKey: string, moviePath: string, eerGroup: number): Promise<MovieMetadata[]> {
  const keys = companionKeys(movieKey);
  const metas: MovieMetadata[] = [];
  const epu = await firstExisting(store, keys.epu);
  if (epu) metas.push(parseEpuXml(epu.text));
  const mdoc = await firstExisting(store, keys.mdoc);
  if (mdoc) metas.push(parseMdoc(mdoc.text));
  metas.push(epuNameValues(movieKey));
  const reader = await openMovie(moviePath, { eerGroup });
  try {
    metas.push(movieHeaderValues(reader, eerGroup));
  } finally {
    await reader.close();
  }
  return metas;
}

/** The mirror records the source file's mtime on the object (lib/mirror MIRROR_META): the last resort for acquisition time. */
export function mirrorValues(objectMetadata: Record<string, string>): MovieMetadata {
  const ms = Number(objectMetadata['source-mtime-ms']);
  return Number.isFinite(ms) && ms > 0 ? { source: 'metadata:mirror', acquiredAt: new Date(ms).toISOString() } : { source: 'metadata:mirror' };
}

/** Resolved optics with the source of each value; `params` supplies the defaults for what nobody recorded. */
export async function loadMovieOptics(
  store: ObjectStore, ref: MovieRef, movieKey: string, moviePath: string, params: SessionParams, overrides: Record<string, unknown>,
  objectMetadata: Record<string, string> = {},
): Promise<ResolvedOptics> {
  const person = await loadPersonSetOptics(store, ref, overrides);
  const metas = [...(await movieMetadata(store, movieKey, moviePath, params.eerGroup)), mirrorValues(objectMetadata)];
  return resolveOptics(person, metas, { pixelSizeA: params.pixelSizeA, voltageKv: params.voltageKv, dosePerFrame: params.dosePerFrame });
}
