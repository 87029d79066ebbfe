// The ctffind step's result JSON (zod): CTFFIND's numbers plus the shared step record fields.
import { z } from 'zod';
import { StepResultBase } from '../events/stepRecords.js';

export const CtffindResults = z.object({
  /** Δf₁ (Å, positive = underfocus), ≥ defocusV. */
  defocusU: z.number(),
  defocusV: z.number(),
  /** Azimuth of the U axis from +x, degrees, (−90, 90]. */
  astigmatismAngle: z.number().gt(-90).lte(90),
  /** Additional phase shift, radians. */
  phaseShift: z.number(),
  /** Normalised cross-correlation of spectrum and fit (CTFFIND "score"). */
  cc: z.number(),
  /** Spacing up to which the rings fit, Å (null = CTFFIND "inf"). */
  fitResolutionA: z.number().positive().nullable(),
  /** Pixel size of the fitted spectrum, Å. */
  pixelSizeForFittingA: z.number().positive().optional(),
  /** Sample (ice) thickness from the Thon-ring nodes, Å (CTFFIND 5's method); absent when no node is in the fitted band. */
  iceThicknessA: z.number().positive().optional(),
  /** Water-ring (0.25–0.28 Å⁻¹) amplitude ÷ its flanks: cryoSPARC's relative ice thickness, RELION's rlnCtfIceRingDensity. */
  relativeIceThickness: z.number().positive().optional(),
});
export type CtffindResults = z.infer<typeof CtffindResults>;

export const CtffindResult = StepResultBase.extend({ step: z.literal('ctffind'), results: CtffindResults });
export type CtffindResult = z.infer<typeof CtffindResult>;

/** The CTFFIND parameters a fit ran with (what the .txt header prints). */
export const CtffindParameters = z.object({
  pixelSizeA: z.number().positive(),
  voltageKv: z.number().positive(),
  csMm: z.number().nonnegative(),
  amplitudeContrast: z.number().min(0).max(1),
  box: z.number().int().positive(),
  minResA: z.number().positive(),
  maxResA: z.number().positive(),
  minDefocusA: z.number(),
  maxDefocusA: z.number(),
  defocusStepA: z.number().positive(),
  findPhaseShift: z.boolean(),
  /** CTFFIND's "expected (tolerated) astigmatism" (Å): the 2-D search covers it and the score is penalised by astig²/(2·tol²·N). Absent: no restraint. */
  astigmatismRestraintA: z.number().positive().optional(),
});
export type CtffindParameters = z.infer<typeof CtffindParameters>;
