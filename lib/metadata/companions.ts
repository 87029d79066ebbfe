// Where the microscope's companion files sit next to a movie in the bucket, and what EPU's names say.
import type { MovieMetadata } from './types.js';

/**
 * Candidate companion keys for a movie key, most specific first: EPU writes `<name>.xml` beside
 * `<name>_Fractions.tiff` / `<name>_EER.eer`; SerialEM writes `<movie file>.mdoc` (or `<stem>.mdoc`).
 */
export function companionKeys(movieKey: string): { epu: string[]; mdoc: string[] } {
  const stem = movieKey.replace(/\.[^./]+$/, '');
  const epuStem = stem.replace(/_(Fractions|EER)$/i, '');
  const epu = [...new Set([`${stem}.xml`, `${epuStem}.xml`])];
  return { epu, mdoc: [`${movieKey}.mdoc`, `${stem}.mdoc`] };
}

/** EPU's folder and file names: `GridSquare_<id>/…/FoilHole_<id>_Data_…` (absent parts are left out). */
export function epuNameValues(movieKey: string): MovieMetadata {
  const out: MovieMetadata = { source: 'metadata:epu' };
  const square = /(?:^|\/)GridSquare_(\d+)(?:\/|$)/.exec(movieKey);
  if (square) out.gridSquare = `GridSquare_${square[1]}`;
  const hole = /(?:^|\/)FoilHole_(\d+)_/.exec(movieKey);
  if (hole) out.foilHole = `FoilHole_${hole[1]}`;
  return out;
}
