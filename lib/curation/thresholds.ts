// Per-session curation thresholds and operator overrides, stored as params/<exp>/<session>/curation.json.
import { z } from 'zod';

const Range = z.object({ min: z.number().optional(), max: z.number().optional() })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min must be ≤ max', path: ['max'] });

/** Every threshold is optional: an unset one judges nothing. Units as the dashboard shows them. */
export const CurationThresholds = z.object({
  /** CTF fit resolution (Å): worse (larger) than this rejects. */
  maxCtfResolutionA: z.number().positive().optional(),
  /** Mean defocus (µm, underfocus positive) must lie in [min, max]. */
  defocusUm: Range.optional(),
  /** |defocusU − defocusV| (Å) above this rejects. */
  maxAstigmatismA: z.number().nonnegative().optional(),
  /** Accumulated motion (Å) over the whole movie and over the early frames (RELION's early/late split). */
  maxTotalDriftA: z.number().nonnegative().optional(),
  maxEarlyDriftA: z.number().nonnegative().optional(),
  /** Particle count must lie in [min, max]. */
  particles: Range.optional(),
  /** Ice thickness (nm) must lie in [min, max], judged only when the CTF step reports it. */
  iceThicknessNm: Range.optional(),
  /** Relative ice thickness (water-ring ratio, about 1 = no ice; cryoSPARC's curation metric) above this rejects. */
  maxRelativeIceThickness: z.number().positive().optional(),
  /** CTF fit score (cross-correlation) below this rejects. */
  minCtfScore: z.number().optional(),
});
export type CurationThresholds = z.infer<typeof CurationThresholds>;

export const CurationOverride = z.object({
  decision: z.enum(['accepted', 'rejected']),
  /** Who decided (user name as the dashboard knows it) and when (ISO 8601). */
  by: z.string().min(1),
  at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO 8601 time'),
  note: z.string().max(500).optional(),
});
export type CurationOverride = z.infer<typeof CurationOverride>;

export const CurationSettings = z.object({
  schemaVersion: z.literal(1).default(1),
  thresholds: CurationThresholds.default({}),
  /** Keyed by movie (the path below the session, without extension). */
  overrides: z.record(z.string().min(1), CurationOverride).default({}),
});
export type CurationSettings = z.infer<typeof CurationSettings>;

/** params/<exp>/<session>/curation.json, beside session.json. */
export function curationKey(ref: { experiment: string; session: string }): string {
  return `params/${ref.experiment}/${ref.session}/curation.json`;
}
