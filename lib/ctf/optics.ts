// Optics constants of the CTF phase in the form the fitters evaluate fast, from the CTFFIND formula in ctf2d.ts.
import { electronWavelengthA } from './ctf2d.js';

export interface Optics {
  voltageKv: number;
  csMm: number;
  /** Amplitude contrast fraction (0..1). */
  amplitudeContrast: number;
}

/** χ(s, φ) = a·s²·Δf(φ) − b·s⁴ + phiAmp + phase with a = πλ, b = ½πλ³Cs (reference §3.5, cisTEM ctf.cpp). */
export interface PhaseConstants {
  a: number;
  b: number;
  phiAmp: number;
}

export function phaseConstants(o: Optics): PhaseConstants {
  const lambda = electronWavelengthA(o.voltageKv);
  const q = o.amplitudeContrast;
  return {
    a: Math.PI * lambda,
    b: 0.5 * Math.PI * lambda ** 3 * o.csMm * 1e7,
    phiAmp: q >= 1 ? Math.PI / 2 : Math.atan(q / Math.sqrt(1 - q * q)),
  };
}

/**
 * Astigmatism as a vector: Δf(φ) = mean + hx·cos 2φ + hy·sin 2φ, the same as ½[Δf₁+Δf₂+cos 2(φ−φ_ast)(Δf₁−Δf₂)]
 * with mean = ½(Δf₁+Δf₂), |h| = ½(Δf₁−Δf₂), φ_ast = ½·atan2(hy, hx). Smooth, no angle wrap: good for searches.
 */
export interface DefocusVector {
  mean: number;
  hx: number;
  hy: number;
  /** Additional phase shift (rad). */
  phase: number;
}

export interface CtfFitParams {
  defocusU: number;
  defocusV: number;
  /** Degrees, (−90, 90]. */
  astigmatismAngle: number;
  /** Radians. */
  phaseShift: number;
}

/** CTFFIND's EnforceConvention: defocusU ≥ defocusV, angle of the U axis wrapped to (−90°, 90°]. */
export function fromVector(v: DefocusVector): CtfFitParams {
  const h = Math.hypot(v.hx, v.hy);
  let ang = h > 0 ? (0.5 * Math.atan2(v.hy, v.hx) * 180) / Math.PI : 0;
  if (ang <= -90) ang += 180;
  if (ang > 90) ang -= 180;
  const phase = ((v.phase % Math.PI) + Math.PI) % Math.PI;
  return { defocusU: v.mean + h, defocusV: v.mean - h, astigmatismAngle: ang, phaseShift: phase };
}

export function toVector(p: CtfFitParams): DefocusVector {
  const h = 0.5 * (p.defocusU - p.defocusV);
  const t = (2 * p.astigmatismAngle * Math.PI) / 180;
  return { mean: 0.5 * (p.defocusU + p.defocusV), hx: h * Math.cos(t), hy: h * Math.sin(t), phase: p.phaseShift };
}
