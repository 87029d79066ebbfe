// The worker-task modules motion correction hands to the pool, in one place so they can be loaded ahead (WorkerPool.prepare).
export const EER_FRACTION_TASK = new URL('./eerFractionTask.ts', import.meta.url);
export const COUNT_BAND_TASK = new URL('./countBandTask.ts', import.meta.url);
export const SPECTRA_TASK = new URL('./spectraTask.ts', import.meta.url);
export const ALIGN_TASK = new URL('./alignTask.ts', import.meta.url);
export const PATCH_TASK = new URL('./patchTask.ts', import.meta.url);
export const SUM_BLOCK_TASK = new URL('./sumBlockTask.ts', import.meta.url);
export const INVERSE_SUM_TASK = new URL('./inverseSumTask.ts', import.meta.url);

/** Every task a big movie's correction runs: EER fractions for EER movies, TIFF page bands for TIFF ones. */
export function motionTasks(format: string): URL[] {
  return [...(format === 'eer' ? [EER_FRACTION_TASK] : format === 'tiff' ? [COUNT_BAND_TASK] : []), SPECTRA_TASK, ALIGN_TASK, PATCH_TASK, SUM_BLOCK_TASK, INVERSE_SUM_TASK];
}
