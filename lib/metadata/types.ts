// What the microscope's own files say about one movie, and where each optics value finally came from.

/** Where a value came from: a person (session.json or the request), a metadata file, or the built-in default. */
export type OpticsSource = 'session' | 'metadata:epu' | 'metadata:mdoc' | 'metadata:eer' | 'metadata:mrc' | 'metadata:tiff' | 'metadata:movie' | 'metadata:mirror' | 'default';
export type MetadataSource = Exclude<OpticsSource, 'session' | 'default'>;

/** Values one metadata file gives, in the project's units; every field is optional. */
export interface MovieMetadata {
  source: MetadataSource;
  pixelSizeA?: number;
  voltageKv?: number;
  /** e/Å² per frame as delivered. */
  dosePerFrame?: number;
  /** e/Å² over the whole exposure (divided by the frame count when no per-frame dose is given). */
  totalDose?: number;
  frameCount?: number;
  /** ISO 8601 with zone when the file gives one. */
  acquiredAt?: string;
  /** Stage position, µm. */
  stageUm?: { x: number; y: number; z?: number };
  /** Defocus the microscope targeted, µm (negative = underfocus, as EPU and SerialEM write it). */
  defocusTargetUm?: number;
  gridSquare?: string;
  foilHole?: string;
}

export interface Sourced<T> {
  value: T;
  source: OpticsSource;
}

/** The optics a step uses, each with its source (recorded in the result JSON as `optics`). */
export interface ResolvedOptics {
  pixelSizeA: Sourced<number>;
  voltageKv: Sourced<number>;
  dosePerFrame: Sourced<number>;
  acquiredAt?: Sourced<string>;
  stageUm?: Sourced<{ x: number; y: number; z?: number }>;
  defocusTargetUm?: Sourced<number>;
  gridSquare?: Sourced<string>;
  foilHole?: Sourced<string>;
}

/** True when any of the three values that change the science is a guess. */
export function usesDefaults(optics: ResolvedOptics): boolean {
  return [optics.pixelSizeA, optics.voltageKv, optics.dosePerFrame].some((v) => v.source === 'default');
}
