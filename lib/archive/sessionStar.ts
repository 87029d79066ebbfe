// Session-level RELION 3.1 STAR files built from every finalized movie: movies.star, micrographs_ctf.star, autopick.star.
import { formatStar } from '../formats/star/index.js';
import type { MovieRecord, Optics } from './movieRecord.js';

export const SESSION_STAR_FILES = ['movies.star', 'micrographs_ctf.star', 'autopick.star'] as const;
export type SessionStarName = (typeof SESSION_STAR_FILES)[number];

type Loop = { kind: 'loop'; name: string; columns: string[]; rows: string[][] };

/** A number rounded to `digits` decimals, without trailing zeros. */
const num = (x: number, digits = 6): string => String(Number(x.toFixed(digits)));

function opticsKey(o: Optics): string {
  return [o.pixelSizeA, o.micrographPixelSizeA, o.voltageKv, o.csMm, o.amplitudeContrast].join('/');
}

/** Distinct optics in first-seen order, numbered from 1 (RELION optics groups). */
function opticsGroups(records: MovieRecord[]): Map<string, { index: number; optics: Optics }> {
  const groups = new Map<string, { index: number; optics: Optics }>();
  for (const r of records) {
    const k = opticsKey(r.optics);
    if (!groups.has(k)) groups.set(k, { index: groups.size + 1, optics: r.optics });
  }
  return groups;
}

function opticsLoop(groups: Map<string, { index: number; optics: Optics }>, withMicrographPixel: boolean): Loop {
  const columns = ['rlnOpticsGroupName', 'rlnOpticsGroup', 'rlnMicrographOriginalPixelSize', 'rlnVoltage', 'rlnSphericalAberration', 'rlnAmplitudeContrast'];
  if (withMicrographPixel) columns.push('rlnMicrographPixelSize');
  const rows = [...groups.values()].map(({ index, optics: o }) => {
    const row = [`opticsGroup${index}`, String(index), num(o.pixelSizeA), num(o.voltageKv), num(o.csMm), num(o.amplitudeContrast)];
    if (withMicrographPixel) row.push(num(o.micrographPixelSizeA));
    return row;
  });
  return { kind: 'loop', name: 'optics', columns, rows };
}

/** movies.star: optics plus one row per raw movie (as RELION's Import job writes). */
export function buildMoviesStar(records: MovieRecord[]): string {
  const groups = opticsGroups(records);
  const rows = records.map((r) => [r.moviePath, String(groups.get(opticsKey(r.optics))?.index ?? 1)]);
  return formatStar([opticsLoop(groups, false), { kind: 'loop', name: 'movies', columns: ['rlnMicrographMovieName', 'rlnOpticsGroup'], rows }]);
}

/** micrographs_ctf.star: optics plus the CTF of every movie with a micrograph and a CTF fit. */
export function buildMicrographsCtfStar(records: MovieRecord[]): string {
  const usable = records.filter((r) => r.micrographPath !== null && r.ctf !== null);
  const groups = opticsGroups(usable);
  const withPhase = usable.some((r) => r.ctf !== null && r.ctf.phaseShift !== 0);
  const columns = ['rlnMicrographName', 'rlnOpticsGroup', 'rlnDefocusU', 'rlnDefocusV', 'rlnCtfAstigmatism', 'rlnDefocusAngle', 'rlnCtfFigureOfMerit', 'rlnCtfMaxResolution'];
  if (withPhase) columns.push('rlnPhaseShift');
  // RELION 4's label for the water-ring power (0.25–0.28 Å⁻¹; ours is relative to its flanks), and our own for the node
  // thickness, which RELION has none for; RELION 3.1+ keeps unknown labels. 0 = not measured (docs/operations.md).
  const withIce = usable.some((r) => r.ctf?.relativeIceThickness !== undefined);
  const withThickness = usable.some((r) => r.ctf?.iceThicknessA !== undefined);
  if (withIce) columns.push('rlnCtfIceRingDensity');
  if (withThickness) columns.push('cryoemdaqIceThicknessA');
  const rows = usable.map((r) => {
    const c = r.ctf!;
    const row = [r.micrographPath!, String(groups.get(opticsKey(r.optics))?.index ?? 1), num(c.defocusU, 2), num(c.defocusV, 2),
      num(Math.abs(c.defocusU - c.defocusV), 2), num(c.astigmatismAngle, 2), num(c.cc), num(c.fitResolutionA, 3)];
    // CTFFIND reports the phase shift in radians; RELION's rlnPhaseShift is in degrees.
    if (withPhase) row.push(num((c.phaseShift * 180) / Math.PI, 3));
    if (withIce) row.push(num(c.relativeIceThickness ?? 0, 4));
    if (withThickness) row.push(num(c.iceThicknessA ?? 0, 0));
    return row;
  });
  return formatStar([opticsLoop(groups, true), { kind: 'loop', name: 'micrographs', columns, rows }]);
}

/** autopick.star: the micrograph → coordinate file list RELION 3.1+/4 uses (data_coordinate_files). */
export function buildAutopickStar(records: MovieRecord[]): string {
  const rows = records
    .filter((r) => r.micrographPath !== null && r.coordinatesPath !== null)
    .map((r) => [r.micrographPath!, r.coordinatesPath!]);
  return formatStar([{ kind: 'loop', name: 'coordinate_files', columns: ['rlnMicrographName', 'rlnMicrographCoordinates'], rows }]);
}

/** All three files' text, keyed by file name; records are sorted by movie for a stable output. */
export function buildSessionStarFiles(records: MovieRecord[]): Record<SessionStarName, string> {
  const sorted = [...records].sort((a, b) => (a.movie < b.movie ? -1 : a.movie > b.movie ? 1 : 0));
  return {
    'movies.star': buildMoviesStar(sorted),
    'micrographs_ctf.star': buildMicrographsCtfStar(sorted),
    'autopick.star': buildAutopickStar(sorted),
  };
}
