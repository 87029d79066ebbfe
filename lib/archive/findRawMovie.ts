// Finds a movie's raw object: raw/<exp>/<session>/<movie>.<tif|tiff|mrc|eer>.
import { NotFoundError } from '../errors.js';
import { MOVIE_EXTENSIONS, rawPrefix } from '../events/pipeline.js';
import type { MovieRef } from '../events/pipeline.js';
import type { ObjectInfo, ObjectStore } from '../store/index.js';

/** The raw movie object of `ref` (the first in key order if several extensions exist). */
export async function findRawMovie(store: Pick<ObjectStore, 'list'>, ref: MovieRef): Promise<ObjectInfo> {
  const stem = `${rawPrefix(ref)}${ref.movie}.`;
  for await (const o of store.list(stem)) {
    const ext = o.key.slice(stem.length).toLowerCase();
    if ((MOVIE_EXTENSIONS as readonly string[]).includes(ext)) return o;
  }
  throw new NotFoundError(`movie "${ref.movie}": no raw object "${stem}{${MOVIE_EXTENSIONS.join(',')}}" in the bucket`);
}
