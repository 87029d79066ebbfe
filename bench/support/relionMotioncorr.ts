// `relion_run_motioncorr --use_own --j 2` on a movie in a folder (1 Å/px, 300 kV), timed, outputs in <dir>/<out>.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { timedCommand } from './timedCommand.js';

const moviesStar = (movie: string): string => `\ndata_optics\n\nloop_\n_rlnOpticsGroupName #1\n_rlnOpticsGroup #2\n_rlnMicrographOriginalPixelSize #3\n_rlnVoltage #4\n_rlnSphericalAberration #5\n_rlnAmplitudeContrast #6\nopticsGroup1 1 1.0 300 2.7 0.1\n\ndata_movies\n\nloop_\n_rlnMicrographMovieName #1\n_rlnOpticsGroup #2\n${movie} 1\n`;

/** `dosePerFrame` is per movie frame (per fraction for EER, RELION's --dose_per_frame after grouping); `env` defaults to the bench's own. */
export async function relionMotioncorr(dir: string, options: { dosePerFrame: number; patches: number; out?: string; movie?: string; eerGrouping?: number; env?: NodeJS.ProcessEnv }): Promise<{ seconds: number; maxRssMb: number }> {
  await writeFile(join(dir, 'movies.star'), moviesStar(options.movie ?? 'movie.tif'));
  const patchArgs = options.patches > 0 ? ['--patch_x', String(options.patches), '--patch_y', String(options.patches)] : [];
  const eerArgs = options.eerGrouping ? ['--eer_grouping', String(options.eerGrouping), '--eer_upsampling', '1'] : [];
  return timedCommand('relion_run_motioncorr', [
    '--i', 'movies.star', '--o', `${options.out ?? 'R'}/`, '--use_own', '--j', '2', '--dose_weighting', '--angpix', '1', '--voltage', '300',
    '--dose_per_frame', String(options.dosePerFrame), '--save_noDW', '--bfactor', '150', ...patchArgs, ...eerArgs,
  ], dir, options.env);
}
