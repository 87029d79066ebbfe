// RELION coordinate STAR for picks: the block relion_autopick writes (autopicker.cpp), readable by RELION 3.1+.
import { formatStar, starTable } from '../formats/star/index.js';
import type { Pick } from './pickParticles.js';

/**
 * relion_autopick's five columns, then rlnParticleDiameter: the pick's estimated diameter in Å. RELION
 * documents that label as a diameter in Å (metadata_label.h: "Diameter of the circular mask to be applied
 * to all experimental images (in Angstroms)"), so RELION 3.1+ reads it as a known label instead of warning
 * about an unknown one, and its meaning — how wide a mask this particle needs — is what the number is for.
 * RELION itself only reads it from optimiser tables; in a coordinate file it is carried, never used.
 */
export const COORDINATE_COLUMNS = ['rlnCoordinateX', 'rlnCoordinateY', 'rlnAutopickFigureOfMerit', 'rlnClassNumber', 'rlnAnglePsi', 'rlnParticleDiameter'];

/**
 * `data_` with rlnCoordinateX/Y (micrograph pixels, origin at the first pixel), the DoG score as the
 * figure of merit, class 0 and psi 0, exactly as relion_autopick --LoG (3.1) writes them, and the diameter (Å).
 */
export function coordinatesStar(picks: Pick[]): string {
  const rows = picks.map((p) => [Number(p.x.toFixed(2)), Number(p.y.toFixed(2)), Number(p.score.toFixed(4)), 0, 0, Number(p.diameterA.toFixed(1))]);
  return formatStar([starTable('', COORDINATE_COLUMNS, rows)]);
}
