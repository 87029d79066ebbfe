// Session parameters: the optics and processing settings one session shares, stored in the bucket.
import { z } from 'zod';
import { ParticleDiameter } from '../pick/diameter.js';
import { processingSettingsShape } from './processingSettings.js';

export const GainSettings = z.object({
  /** Object key of the gain reference (MRC, TIFF or EER .gain). */
  key: z.string().min(1),
  /** MotionCor2 -RotGain: 0, 1, 2, 3 = 0°, 90°, 180°, 270° counter-clockwise. */
  rotate: z.number().int().min(0).max(3).default(0),
  /** MotionCor2 -FlipGain: 0 none, 1 upside down (about the horizontal axis), 2 left-right. */
  flip: z.number().int().min(0).max(2).default(0),
});

export const SessionParams = z.object({
  schemaVersion: z.literal(1).default(1),
  pixelSizeA: z.number().positive().default(1.0),
  voltageKv: z.number().positive().default(300),
  csMm: z.number().nonnegative().default(2.7),
  amplitudeContrast: z.number().min(0).max(1).default(0.07),
  dosePerFrame: z.number().positive().default(1.0),
  preExposure: z.number().nonnegative().default(0),
  /** Å: a number (as before), or a range to search: { "min": 70, "max": 110 } or "70-110" (see lib/pick/diameter.ts). */
  particleDiameterA: ParticleDiameter.default(150),
  eerGroup: z.number().int().positive().default(32),
  patches: z.tuple([z.number().int().positive(), z.number().int().positive()]).default([5, 5]),
  binning: z.number().min(1).default(1),
  gain: GainSettings.optional(),
  ...processingSettingsShape,
});
export type SessionParams = z.infer<typeof SessionParams>;

/** Defaults for a session with no parameters object. */
export function defaultSessionParams(): SessionParams {
  return SessionParams.parse({});
}
