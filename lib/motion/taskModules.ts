// The worker-task modules motion correction hands to the pool, in one place so they can be loaded ahead (WorkerPool.prepare).
export const EER_FRACTION_TASK = new URL('./eerFractionTask.ts', import.meta.url);
export const SPECTRA_TASK = new URL('./spectraTask.ts', import.meta.url);
export const ALIGN_TASK = new URL('./alignTask.ts', import.meta.url);
export const PATCH_TASK = new URL('./patchTask.ts', import.meta.url);
export const SUM_BLOCK_TASK = new URL('./sumBlockTask.ts', import.meta.url);

/** Every task a big movie's correction runs, EER fractions only for EER movies. */
export function motionTasks(eer: boolean): URL[] {
  return [...(eer ? [EER_FRACTION_TASK] : []), SPECTRA_TASK, ALIGN_TASK, PATCH_TASK, SUM_BLOCK_TASK];
}
