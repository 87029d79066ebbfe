// The CTF as CTFFIND/cisTEM define it (reference §3.5), as a pure function of spatial frequency.

/** CTF parameters in CTFFIND's conventions (defocus positive = underfocus; angle of the U axis from +x). */
export interface CtfParams {
  /** Defocus along the U (Δf₁) axis in Å; positive = underfocus. */
  defocusUA: number;
  /** Defocus along the V (Δf₂) axis in Å; CTFFIND reports Δf₁ ≥ Δf₂. */
  defocusVA: number;
  /** Azimuth of the U axis from +x in degrees (CTFFIND "azimuth of astigmatism", RELION rlnDefocusAngle). */
  astigmatismAngleDeg: number;
  voltageKv: number;
  csMm: number;
  /** Amplitude contrast fraction A (0..1). */
  amplitudeContrast: number;
  /** Additional phase shift (phase plate) in radians. @default 0 */
  phaseShiftRad?: number;
  /** B-factor envelope exp(−B·s²/4) on the CTF amplitude, Å². 0 = none. @default 0 */
  bFactorA2?: number;
}

/** Relativistic electron wavelength in Å: 12.2639/√(V + 0.97845e−6·V²), V in volts (cisTEM). */
export function electronWavelengthA(voltageKv: number): number {
  const v = voltageKv * 1000;
  return 12.2639 / Math.sqrt(v + 0.97845e-6 * v * v);
}

/** Defocus (Å) in azimuth φ (rad): ½[Δf₁ + Δf₂ + cos(2(φ − φ_ast))(Δf₁ − Δf₂)]. */
export function defocusAt(params: CtfParams, azimuthRad: number): number {
  const ast = (params.astigmatismAngleDeg * Math.PI) / 180;
  return 0.5 * (params.defocusUA + params.defocusVA + Math.cos(2 * (azimuthRad - ast)) * (params.defocusUA - params.defocusVA));
}

/**
 * Phase χ(s, φ) = π·λ·s²·(Δf(φ) − ½·λ²·s²·Cs) + φ_add + φ_amp, φ_amp = atan(A/√(1−A²)) (π/2 for A ≥ 1);
 * Cs in Å (mm × 1e7); s in 1/Å (cisTEM src/core/ctf.cpp).
 */
export function ctfPhase(params: CtfParams, sx: number, sy: number): number {
  const lambda = electronWavelengthA(params.voltageKv);
  const s2 = sx * sx + sy * sy;
  const csA = params.csMm * 1e7;
  const a = params.amplitudeContrast;
  const phiAmp = a >= 1 ? Math.PI / 2 : Math.atan(a / Math.sqrt(1 - a * a));
  const df = defocusAt(params, Math.atan2(sy, sx));
  return Math.PI * lambda * s2 * (df - 0.5 * lambda * lambda * s2 * csA) + (params.phaseShiftRad ?? 0) + phiAmp;
}

/** CTF(sx, sy) = −sin χ (cisTEM `Evaluate`), times exp(−B·s²/4) when bFactorA2 > 0. sx, sy in 1/Å. */
export function ctfValue(params: CtfParams, sx: number, sy: number): number {
  const b = params.bFactorA2 ?? 0;
  const env = b > 0 ? Math.exp((-b * (sx * sx + sy * sy)) / 4) : 1;
  return -Math.sin(ctfPhase(params, sx, sy)) * env;
}
