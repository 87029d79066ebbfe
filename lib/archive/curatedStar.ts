// RELION 3.1 STAR files of the accepted micrographs only: micrographs_selected.star and autopick_selected.star.
import { STEP_FOLDER } from '../events/pipeline.js';
import type { ArchiveFolders } from './config.js';
import type { MovieRecord } from './movieRecord.js';
import { buildAutopickStar, buildMicrographsCtfStar, buildSessionStarFiles } from './sessionStar.js';

export const CURATED_STAR_FILES = ['micrographs_selected.star', 'autopick_selected.star'] as const;
export type CuratedStarName = (typeof CURATED_STAR_FILES)[number];

/** Text of the selected-micrographs and selected-coordinates files; records sorted by movie for a stable output. */
export function buildCuratedStarFiles(records: readonly MovieRecord[], accepted: ReadonlySet<string>): Record<CuratedStarName, string> {
  const kept = records.filter((r) => accepted.has(r.movie)).sort((a, b) => (a.movie < b.movie ? -1 : a.movie > b.movie ? 1 : 0));
  return { 'micrographs_selected.star': buildMicrographsCtfStar(kept), 'autopick_selected.star': buildAutopickStar(kept) };
}

function rebase(p: string | null, folders: ArchiveFolders): string | null {
  if (p === null) return null;
  for (const step of ['motioncor', 'ctffind', 'pick'] as const) {
    const from = `${folders[step]}/`;
    if (p.startsWith(from)) return `${STEP_FOLDER[step]}/${p.slice(from.length)}`;
  }
  return p;
}

/**
 * A record with paths as the bucket lays them out below processed/<exp>/<session>/ (motioncor/, ctf/, picks/),
 * so STAR files stored there resolve when that folder is synced into a RELION project.
 */
export function bucketRecord(r: MovieRecord, folders: ArchiveFolders): MovieRecord {
  return { ...r, micrographPath: rebase(r.micrographPath, folders), coordinatesPath: rebase(r.coordinatesPath, folders) };
}

/** All five session STAR files for the bucket copy. */
export function buildBucketStarFiles(records: readonly MovieRecord[], accepted: ReadonlySet<string>, folders: ArchiveFolders): Record<string, string> {
  const rebased = records.map((r) => bucketRecord(r, folders));
  return { ...buildSessionStarFiles(rebased), ...buildCuratedStarFiles(rebased, accepted) };
}
