// finalize: copies a movie's raw data and step outputs to the archive (GPFS) verified, with manifest, session STAR files and tape policy.
import { finalizeMovie, loadArchiveConfig, writeCuratedExports } from '../../lib/archive/index.js';
import type { ArchiveConfig, FinalizeOptions, FinalizeResult } from '../../lib/archive/index.js';
import { PACKAGE_VERSION } from '../../lib/packageVersion.js';
import { stepMetrics, watchArchiveFreeSpace } from '../../lib/metrics/index.js';
import { createStepHandler } from '../../lib/steps/index.js';
import type { StepDefinition } from '../../lib/steps/index.js';

/** The finalize step; `config` defaults to GPFS_ROOT etc. read on the first run. */
export function createFinalizeStep(config?: ArchiveConfig, extra: Omit<Partial<FinalizeOptions>, 'config' | 'params' | 'log'> = {}): StepDefinition<FinalizeResult> {
  let cfg = config;
  return {
    step: 'finalize',
    async run({ ref, store, params, log }) {
      if (!cfg) {
        cfg = loadArchiveConfig(process.env);
        watchArchiveFreeSpace(stepMetrics, cfg.gpfsRoot);
      }
      const result = await finalizeMovie(ref, store, { ...extra, config: cfg, params, log });
      // Bytes this run copied (files already identical in the archive were not written again).
      stepMetrics.movieArchived(result.files.filter((f) => f.status === 'copied').reduce((sum, f) => sum + f.size, 0));
      // Selected micrographs per curation.json, in the archive and the bucket (processed/<exp>/<session>/*.star).
      const curated = await writeCuratedExports(store, ref, result.sessionDir, cfg.folders, { staleMs: cfg.lockStaleMs });
      log.info('finalized', { sessionDir: result.sessionDir, copied: result.copied, identical: result.identical, tape: result.tape?.commands.map((c) => `${c.tool}:${c.status}`) });
      return {
        files: [],
        result: { ...result, starFiles: [...result.starFiles, ...curated.archived], curated },
        software: { implementation: 'cpu', version: PACKAGE_VERSION },
        parameters: { gpfsRoot: cfg.gpfsRoot, sessionDir: cfg.sessionDir, folders: cfg.folders, tapePolicyFile: cfg.tapePolicyFile ?? null },
      };
    },
  };
}

export const finalize = createFinalizeStep();

export default createStepHandler(finalize);
