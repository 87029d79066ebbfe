// The ground truth of a simulated movie or micrograph (truth.json): zod schema, parse and serialise.
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

const Point = z.object({ x: z.number(), y: z.number() });

export const SynthTruth = z.object({
  schemaVersion: z.literal(1),
  kind: z.enum(['movie', 'micrograph']),
  seed: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Frames in the movie (1 for a micrograph). */
  frames: z.number().int().positive(),
  pixelSizeA: z.number().positive(),
  /** e⁻/Å² per frame (movie) or total (micrograph: frames = 1). */
  dosePerFrame: z.number().nonnegative(),
  preExposure: z.number().nonnegative(),
  ctf: z.object({
    defocusUA: z.number(),
    defocusVA: z.number(),
    astigmatismAngleDeg: z.number(),
    voltageKv: z.number().positive(),
    csMm: z.number(),
    amplitudeContrast: z.number().min(0).max(1),
    phaseShiftRad: z.number(),
    bFactorA2: z.number().nonnegative(),
  }),
  /**
   * Coordinates: pixels, x = column, y = row of the Image2D / MRC file / RELION micrograph (row 0 = first
   * MRC row; TIFF movies are stored y-flipped so that a TIFF reader's flip restores this orientation).
   */
  coordinates: z.literal('image2d-mrc-rows'),
  /** Per-frame content displacement relative to frame 0 (DESIGN shift convention; RELION stores −shift). */
  shiftReference: z.literal('frame0'),
  shifts: z.array(z.object({ dx: z.number(), dy: z.number() })),
  /** RELION ThirdOrderPolynomialModel coefficients of the extra local content displacement (see lib/synth/motion.ts), or null. */
  localMotion: z.object({ coeffX: z.array(z.number()).length(18), coeffY: z.array(z.number()).length(18) }).nullable(),
  /** Signal damped per frame by the Grant–Grigorieff exposure filter at the end-of-frame dose. */
  radiationDamage: z.boolean(),
  particles: z.object({ diameterA: z.number().positive(), centres: z.array(Point) }),
  /** Gain reference file name (corrected = raw × gain), or null. */
  gainFile: z.string().nullable(),
  hotPixels: z.array(Point),
  files: z.object({ movie: z.string().nullable(), clean: z.string().nullable(), micrograph: z.string().nullable() }),
});
export type SynthTruth = z.infer<typeof SynthTruth>;

/** Parses truth.json text; InvalidInputError naming the first bad field. */
export function parseSynthTruth(text: string, what = 'truth.json'): SynthTruth {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`${what}: not JSON`, { cause: err });
  }
  const r = SynthTruth.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new InvalidInputError(`${what}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}

/** truth.json text (2-space indented). */
export function serializeSynthTruth(truth: SynthTruth): string {
  return `${JSON.stringify(SynthTruth.parse(truth), null, 2)}\n`;
}
