// Precedence for each optics value: what a person set (session.json or the request) > the movie's metadata > defaults.
import type { MovieMetadata, OpticsSource, ResolvedOptics, Sourced } from './types.js';

export interface OpticsDefaults {
  pixelSizeA: number;
  voltageKv: number;
  dosePerFrame: number;
}

/** The values a person set, by SessionParams field name (only those present count). */
export interface PersonSet {
  pixelSizeA?: number;
  voltageKv?: number;
  dosePerFrame?: number;
}

function firstOf<K extends keyof MovieMetadata>(metas: readonly MovieMetadata[], key: K): Sourced<NonNullable<MovieMetadata[K]>> | undefined {
  for (const m of metas) {
    const v = m[key];
    if (v !== undefined && v !== null) return { value: v as NonNullable<MovieMetadata[K]>, source: m.source };
  }
  return undefined;
}

/** Per-frame dose from a file: its own per-frame value, else its total over a frame count (its own, else any file's). */
function metadataDose(metas: readonly MovieMetadata[]): Sourced<number> | undefined {
  const frames = firstOf(metas, 'frameCount');
  for (const m of metas) {
    if (m.dosePerFrame !== undefined) return { value: m.dosePerFrame, source: m.source };
    const n = m.frameCount ?? frames?.value;
    if (m.totalDose !== undefined && n !== undefined && n > 0) return { value: m.totalDose / n, source: m.source };
  }
  return undefined;
}

function pick(person: number | undefined, meta: Sourced<number> | undefined, fallback: number): Sourced<number> {
  if (person !== undefined) return { value: person, source: 'session' };
  return meta ?? { value: fallback, source: 'default' satisfies OpticsSource };
}

/**
 * Resolves the optics of one movie. `metas` are in trust order (companion XML/mdoc first, then the movie's
 * header): the first that has a value wins. Descriptive fields (time, stage, grid square) come from metadata only.
 */
export function resolveOptics(person: PersonSet, metas: readonly MovieMetadata[], defaults: OpticsDefaults): ResolvedOptics {
  const out: ResolvedOptics = {
    pixelSizeA: pick(person.pixelSizeA, firstOf(metas, 'pixelSizeA'), defaults.pixelSizeA),
    voltageKv: pick(person.voltageKv, firstOf(metas, 'voltageKv'), defaults.voltageKv),
    dosePerFrame: pick(person.dosePerFrame, metadataDose(metas), defaults.dosePerFrame),
  };
  const acquiredAt = firstOf(metas, 'acquiredAt');
  if (acquiredAt) out.acquiredAt = acquiredAt;
  const stage = firstOf(metas, 'stageUm');
  if (stage) out.stageUm = stage;
  const defocus = firstOf(metas, 'defocusTargetUm');
  if (defocus) out.defocusTargetUm = defocus;
  const square = firstOf(metas, 'gridSquare');
  if (square) out.gridSquare = square;
  const hole = firstOf(metas, 'foilHole');
  if (hole) out.foilHole = hole;
  return out;
}
