// After the parameters are saved: which movies were processed on a default the person has now set (those to reprocess).
// Pure, for the form and its unit test.

/** A movie and the optics fields it was processed on defaults for (MovieRow.opticsDefaults). */
export interface OnDefaults { movie: string; opticsDefaults?: string[] }

/**
 * The movies with at least one defaulted field among `setByPerson` (session.json's fields after the save): the
 * reprocess then changes their science. A movie whose guessed field is still unset would come out the same.
 */
export function moviesToReprocess(rows: readonly OnDefaults[], setByPerson: readonly string[]): { movies: string[]; fields: string[] } {
  const set = new Set(setByPerson);
  const movies: string[] = [];
  const fields = new Set<string>();
  for (const r of rows) {
    const now = (r.opticsDefaults ?? []).filter((f) => set.has(f));
    if (now.length === 0) continue;
    movies.push(r.movie);
    for (const f of now) fields.add(f);
  }
  return { movies, fields: [...fields].sort() };
}
