// Curation metrics from the steps' result JSONs (only the fields used, read leniently: a step's schema may grow).
import { z } from 'zod';
import type { MovieMetrics } from './judge.js';

const Motion = z.object({ motionA: z.object({ total: z.number(), early: z.number() }) });
const Ctf = z.object({
  defocusU: z.number(), defocusV: z.number(), cc: z.number(), fitResolutionA: z.number().nullable(),
  /** Once the CTF step reports ice thickness (either unit). */
  iceThicknessNm: z.number().optional(), iceThicknessA: z.number().optional(), relativeIceThickness: z.number().optional(),
});
const Pick = z.object({ count: z.number() });

/** The `results` of each step's JSON, as stored (unknown until validated here). */
export interface StepResultsOfMovie {
  motioncor?: unknown;
  ctffind?: unknown;
  pick?: unknown;
}

/** Metrics present in the results; a missing or malformed result leaves its metrics absent (pending). */
export function metricsFromResults(r: StepResultsOfMovie): MovieMetrics {
  const out: MovieMetrics = {};
  const motion = Motion.safeParse(r.motioncor);
  if (motion.success) {
    out.totalDriftA = motion.data.motionA.total;
    out.earlyDriftA = motion.data.motionA.early;
  }
  const ctf = Ctf.safeParse(r.ctffind);
  if (ctf.success) {
    const c = ctf.data;
    out.defocusUm = (c.defocusU + c.defocusV) / 2 / 1e4;
    out.astigmatismA = Math.abs(c.defocusU - c.defocusV);
    out.ctfScore = c.cc;
    if (c.fitResolutionA !== null) out.ctfResolutionA = c.fitResolutionA;
    const ice = c.iceThicknessNm ?? (c.iceThicknessA === undefined ? undefined : c.iceThicknessA / 10);
    if (ice !== undefined) out.iceThicknessNm = ice;
    if (c.relativeIceThickness !== undefined) out.relativeIceThickness = c.relativeIceThickness;
  }
  const pick = Pick.safeParse(r.pick);
  if (pick.success) out.particles = pick.data.count;
  return out;
}
