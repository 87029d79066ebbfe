// The per-movie record the session STAR files are built from, as a pure function of what finalize archived and the step results.
// Shared by finalize (records kept in the archive) and the bucket-only STAR export (records rebuilt from the bucket).
import type { MovieRef } from '../events/pipeline.js';
import type { SessionParams } from '../events/sessionParams.js';
import type { ArchivedFile, MovieRecord } from './movieRecord.js';
import { ctfValuesOf, particleCountOf } from './stepResults.js';

/** `files` in archive order (raw movie first); `ctf` and `pick` are the steps' `results` objects. */
export function buildMovieRecord(ref: MovieRef, files: ArchivedFile[], ctf: unknown, pick: unknown, params: SessionParams, now: Date): MovieRecord {
  const byKeySuffix = (suffix: string, folderKey: string): string | null =>
    files.find((f) => f.key.endsWith(`/${folderKey}/${ref.movie}${suffix}`))?.path ?? null;
  return {
    schemaVersion: 1, experiment: ref.experiment, session: ref.session, movie: ref.movie, finalizedAt: now.toISOString(),
    optics: {
      pixelSizeA: params.pixelSizeA, micrographPixelSizeA: params.pixelSizeA * params.binning,
      voltageKv: params.voltageKv, csMm: params.csMm, amplitudeContrast: params.amplitudeContrast,
    },
    moviePath: files[0].path,
    micrographPath: byKeySuffix('.mrc', 'motioncor'),
    coordinatesPath: byKeySuffix('.star', 'picks'),
    ctf: ctfValuesOf(ctf), particleCount: particleCountOf(pick), files,
  };
}
