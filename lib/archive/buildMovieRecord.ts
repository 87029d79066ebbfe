// The per-movie record the session STAR files are built from, as a pure function of what finalize archived and the step results.
// Shared by finalize (records kept in the archive) and the bucket-only STAR export (records rebuilt from the bucket).
import { z } from 'zod';
import type { MovieRef } from '../events/pipeline.js';
import type { SessionParams } from '../events/sessionParams.js';
import type { ArchivedFile, MovieRecord } from './movieRecord.js';
import { ctfValuesOf, particleCountOf } from './stepResults.js';

/**
 * What motioncor recorded it processed with (functions/motioncor: pixel size and voltage resolved person > movie
 * metadata > defaults, and the binning). Older results without them fall back to the session parameters.
 */
const MotioncorUsed = z.object({ pixelSizeA: z.number().positive(), voltageKv: z.number().positive(), binning: z.number().positive() }).partial();

/**
 * `files` in archive order (raw movie first); `ctf` and `pick` are the steps' `results` objects, `motioncor` the
 * motioncor result's `parameters`: the optics in the STAR files are the ones the movie was processed with.
 */
export function buildMovieRecord(ref: MovieRef, files: ArchivedFile[], ctf: unknown, pick: unknown, params: SessionParams, now: Date, motioncor?: unknown): MovieRecord {
  const byKeySuffix = (suffix: string, folderKey: string): string | null =>
    files.find((f) => f.key.endsWith(`/${folderKey}/${ref.movie}${suffix}`))?.path ?? null;
  const used = MotioncorUsed.safeParse(motioncor).data ?? {};
  const pixelSizeA = used.pixelSizeA ?? params.pixelSizeA;
  return {
    schemaVersion: 1, experiment: ref.experiment, session: ref.session, movie: ref.movie, finalizedAt: now.toISOString(),
    optics: {
      pixelSizeA, micrographPixelSizeA: pixelSizeA * (used.binning ?? params.binning),
      voltageKv: used.voltageKv ?? params.voltageKv, csMm: params.csMm, amplitudeContrast: params.amplitudeContrast,
    },
    moviePath: files[0].path,
    micrographPath: byKeySuffix('.mrc', 'motioncor'),
    coordinatesPath: byKeySuffix('.star', 'picks'),
    ctf: ctfValuesOf(ctf), particleCount: particleCountOf(pick), files,
  };
}
