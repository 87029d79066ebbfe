// Step metrics of one function host process: durations by step and outcome, movies finalized, archive bytes.
import { statfs } from 'node:fs/promises';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds buckets from 50 ms to 20 min: a 512² test movie to a 4096²×40 movie on a CPU. */
export const STEP_SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200];

export interface StepMetrics {
  registry: Registry;
  /** `outcome` is runStep's status: done, skipped or failed. */
  observeStep(step: string, outcome: string, seconds: number): void;
  /** One movie's outputs committed to the archive, `bytes` in total. */
  movieArchived(bytes: number): void;
}

export function createStepMetrics(): StepMetrics {
  const registry = new Registry();
  const duration = new Histogram({
    name: 'cryoem_step_duration_seconds', help: 'Time runStep took for one object, by step and outcome (done, skipped, failed).',
    labelNames: ['step', 'outcome'], buckets: STEP_SECONDS_BUCKETS, registers: [registry],
  });
  const finalized = new Counter({ name: 'cryoem_movies_finalized_total', help: 'Movies whose outputs finalize committed to the archive.', registers: [registry] });
  const archived = new Counter({ name: 'cryoem_archive_written_bytes_total', help: 'Bytes finalize wrote to the archive.', registers: [registry] });
  return {
    registry,
    observeStep: (step, outcome, seconds) => duration.observe({ step, outcome }, seconds),
    movieArchived(bytes) {
      finalized.inc();
      archived.inc(bytes);
    },
  };
}

/** The process's step metrics: a function host serves one step, so one registry per process. */
export const stepMetrics: StepMetrics = createStepMetrics();

/** Adds `cryoem_archive_free_bytes`, read by fs.statfs on each scrape of the folder (GPFS_ROOT) finalize writes to. */
export function watchArchiveFreeSpace(metrics: StepMetrics, root: string): void {
  if (metrics.registry.getSingleMetric('cryoem_archive_free_bytes')) return; // one archive root per host process
  new Gauge({
    name: 'cryoem_archive_free_bytes', help: 'Free bytes (available to this user) on the archive file system (GPFS_ROOT).',
    registers: [metrics.registry],
    async collect() {
      const s = await statfs(root);
      this.set(s.bavail * s.bsize);
    },
  });
}
