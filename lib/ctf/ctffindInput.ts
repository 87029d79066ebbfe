// The answers CTFFIND asks for on stdin, in the order of its version (4.1.x vs 4.1.15+ vs 5.x; reference §3.3).
import type { CtffindParameters } from './result.js';

export interface CtffindInputFiles {
  /** Input micrograph (single-image MRC: no movie question is asked). */
  input: string;
  /** Diagnostic image; the summary is this with `.txt`, the profiles `_avrot.txt`. */
  output: string;
}

export interface CtffindInputOptions {
  /** Tolerated astigmatism for the restraint (Å). @default 3000 */
  astigmatismToleranceA?: number;
  /** Phase search range and step (rad), when params.findPhaseShift. @default [0, 3.15, 0.1] */
  phaseRange?: [number, number, number];
}

/** Parses "4.1.14" / "5.0.2" into comparable numbers; unknown parts are 0. */
function versionParts(v: string): [number, number, number] {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : [4, 1, 14];
}

const atLeast = (v: [number, number, number], w: [number, number, number]): boolean => v[0] !== w[0] ? v[0] > w[0] : v[1] !== w[1] ? v[1] > w[1] : v[2] >= w[2];

/**
 * One answer per line, as RELION's CtffindRunner sends them: files, optics, box, resolutions, defocus
 * range and step, astigmatism unknown + exhaustive search + restraint, phase shift, then (4.1.15+ and no
 * phase shift) "Determine sample tilt?" no, (5.x) "Determine sample thickness?" no, and no expert options.
 */
export function buildCtffindInput(params: CtffindParameters, version: string, files: CtffindInputFiles, options: CtffindInputOptions = {}): string {
  const v = versionParts(version);
  const yn = (b: boolean): string => (b ? 'yes' : 'no');
  const lines: (string | number)[] = [
    files.input, files.output, params.pixelSizeA, params.voltageKv, params.csMm, params.amplitudeContrast, params.box,
    params.minResA, params.maxResA, params.minDefocusA, params.maxDefocusA, params.defocusStepA,
    'no', 'yes', 'yes', options.astigmatismToleranceA ?? params.astigmatismRestraintA ?? 3000, yn(params.findPhaseShift),
  ];
  if (params.findPhaseShift) lines.push(...(options.phaseRange ?? [0, 3.15, 0.1]));
  if (atLeast(v, [4, 1, 15]) && !params.findPhaseShift) lines.push('no');
  if (v[0] >= 5) lines.push('no');
  lines.push('no');
  return `${lines.join('\n')}\n`;
}
