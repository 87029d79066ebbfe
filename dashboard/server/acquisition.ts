// When a movie was recorded and whether its optics were guesses, from motioncor's recorded optics (lib/metadata).
import { z } from 'zod';

const Sourced = z.object({ value: z.unknown(), source: z.string() });
const Optics = z.object({ optics: z.record(z.string(), Sourced) });

export interface AcquisitionFields {
  /** ISO time: the microscope's (or mirror's) record when motioncor found one, else the upload time. */
  acquired: string;
  acquiredSource: string;
  /** Optics fields processed on built-in defaults (shown in a warning colour). */
  opticsDefaults: string[];
}

/** `parameters` of the motioncor result JSON (or undefined before it exists) and the raw object's upload time. */
export function acquisitionFields(motioncorParameters: Record<string, unknown> | undefined, uploaded: Date): AcquisitionFields {
  const parsed = Optics.safeParse(motioncorParameters);
  const fallback = { acquired: uploaded.toISOString(), acquiredSource: 'upload', opticsDefaults: [] };
  if (!parsed.success) return fallback;
  const optics = parsed.data.optics;
  const opticsDefaults = Object.entries(optics).filter(([, v]) => v.source === 'default').map(([k]) => k);
  const at = optics.acquiredAt;
  const ms = typeof at?.value === 'string' ? Date.parse(at.value) : NaN;
  return Number.isNaN(ms) ? { ...fallback, opticsDefaults } : { acquired: new Date(ms).toISOString(), acquiredSource: at!.source, opticsDefaults };
}
