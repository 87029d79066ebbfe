// The per-movie finalize record kept in the archive (finalize/<movie>.json): what was copied and what the session STAR files need.
import { z } from 'zod';

export const ArchivedFile = z.object({
  key: z.string(),
  etag: z.string(),
  /** Path below the session folder. */
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  status: z.enum(['copied', 'identical']),
});
export type ArchivedFile = z.infer<typeof ArchivedFile>;

export const Optics = z.object({
  pixelSizeA: z.number().positive(),
  micrographPixelSizeA: z.number().positive(),
  voltageKv: z.number().positive(),
  csMm: z.number().nonnegative(),
  amplitudeContrast: z.number().min(0).max(1),
});
export type Optics = z.infer<typeof Optics>;

/** CTFFIND-style values: defocus in Å (positive underfocus), angle in degrees, phase shift in radians. */
export const CtfValues = z.object({
  defocusU: z.number(),
  defocusV: z.number(),
  astigmatismAngle: z.number(),
  phaseShift: z.number().default(0),
  cc: z.number(),
  fitResolutionA: z.number(),
  /** Ice thickness (Å) from the Thon-ring nodes and the water-ring ratio, when the CTF step reported them. */
  iceThicknessA: z.number().optional(),
  relativeIceThickness: z.number().optional(),
});
export type CtfValues = z.infer<typeof CtfValues>;

export const MovieRecord = z.object({
  schemaVersion: z.literal(1),
  experiment: z.string(),
  session: z.string(),
  movie: z.string(),
  finalizedAt: z.string(),
  optics: Optics,
  /** Paths below the session folder (null when the step wrote no such file). */
  moviePath: z.string(),
  micrographPath: z.string().nullable(),
  coordinatesPath: z.string().nullable(),
  ctf: CtfValues.nullable(),
  particleCount: z.number().int().nonnegative().nullable(),
  files: z.array(ArchivedFile),
});
export type MovieRecord = z.infer<typeof MovieRecord>;
