// RELION coordinate STAR for picks: the block relion_autopick writes (autopicker.cpp), readable by RELION 3.1+.
import { formatStar, starTable } from '../formats/star/index.js';
import type { Pick } from './pickParticles.js';

export const COORDINATE_COLUMNS = ['rlnCoordinateX', 'rlnCoordinateY', 'rlnAutopickFigureOfMerit', 'rlnClassNumber', 'rlnAnglePsi'];

/**
 * `data_` with rlnCoordinateX/Y (micrograph pixels, origin at the first pixel), the DoG score as the
 * figure of merit, class 0 and psi 0, exactly as relion_autopick --LoG (3.1) writes them.
 */
export function coordinatesStar(picks: Pick[]): string {
  const rows = picks.map((p) => [Number(p.x.toFixed(2)), Number(p.y.toFixed(2)), Number(p.score.toFixed(4)), 0, 0]);
  return formatStar([starTable('', COORDINATE_COLUMNS, rows)]);
}
