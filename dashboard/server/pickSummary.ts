// What the dashboard shows of picking: per movie the stated/estimated diameter and the result's warnings; per session the lib/pick session warnings.
import { z } from 'zod';
import { ParticleDiameter, diameterRange, parseDiameterText, sessionPickWarnings } from '../../lib/pick/index.js';
import type { MovieRow, PickInfo } from './types.js';

/** The fields of a pick result (lib/pick PickResult, version 2) the dashboard reads; older results lack them. */
const PickFields = z.object({
  statedDiameterA: ParticleDiameter.optional(),
  estimatedDiameterA: z.number().nullable().optional(),
  warnings: z.array(z.string()).default([]),
});

function statedText(stated: ParticleDiameter | undefined): string | null {
  if (stated === undefined) return null;
  const r = diameterRange(stated, 'pick result: statedDiameterA');
  return r.minA === r.maxA ? `${r.minA}` : `${r.minA}-${r.maxA}`;
}

/** The pick part of a movie row from the pick step's `results`; null when it is not a pick result. */
export function pickInfo(results: Record<string, unknown>): PickInfo | null {
  const r = PickFields.safeParse(results);
  if (!r.success) return null;
  return { statedDiameterA: statedText(r.data.statedDiameterA), estimatedDiameterA: r.data.estimatedDiameterA ?? null, warnings: r.data.warnings };
}

/**
 * Session-level pick warnings over the picked movies in acquisition order (no picks among full neighbours,
 * a collapse, an estimate far from the stated size). The stated size is the newest pick result's: that is
 * the diameter the session picks with now.
 */
export function sessionPickSummary(rows: MovieRow[]): string[] {
  const picked = rows.filter((r) => r.particles !== null);
  const stated = [...picked].reverse().find((r) => r.pick?.statedDiameterA)?.pick?.statedDiameterA;
  if (!picked.length || !stated) return [];
  return sessionPickWarnings(
    picked.map((r) => ({ movie: r.movie, count: r.particles ?? 0, estimatedDiameterA: r.pick?.estimatedDiameterA ?? null })),
    diameterRange(parseDiameterText(stated, 'session pick summary: statedDiameterA')),
  );
}
