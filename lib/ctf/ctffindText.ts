// CTFFIND 4.1.14's summary `.txt` and `_avrot.txt` files, byte for byte in layout (reference §3.4), so RELION can import them.
import type { CtffindParameters, CtffindResults } from './result.js';

export interface CtffindTextOptions {
  /** Input file name printed in the header. */
  inputName: string;
  /** Version string in the first line. @default '4.1.14' */
  version?: string;
  /** Run time printed in the first line. @default now */
  date?: Date;
}

/** printf("%f") as wxTextOutputStream::WriteDouble writes it; ±inf as `inf`. */
function f(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  return v.toFixed(6);
}

const stamp = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');

function headerLines(p: CtffindParameters, o: CtffindTextOptions, boxExtra: string): string[] {
  return [
    `# Output from CTFFind version ${o.version ?? '4.1.14'}, run on ${stamp(o.date ?? new Date())}`,
    `# Input file: ${o.inputName} ; Number of micrographs: 1`,
    `# Pixel size: ${p.pixelSizeA.toFixed(3)} Angstroms ; acceleration voltage: ${p.voltageKv.toFixed(1)} keV ; spherical aberration: ${p.csMm.toFixed(2)} mm ; amplitude contrast: ${p.amplitudeContrast.toFixed(2)}`,
    // "um" with Å values: CTFFIND's own format-string bug, kept so parsers written against it still match.
    `# Box size: ${p.box} pixels ; min. res.: ${p.minResA.toFixed(1)} Angstroms ; max. res.: ${p.maxResA.toFixed(1)} Angstroms ; min. def.: ${p.minDefocusA.toFixed(1)} um; max. def. ${p.maxDefocusA.toFixed(1)} um${boxExtra}`,
  ];
}

/** The summary file: 5 comment lines and one row of 7 `%f` columns. */
export function formatCtffindSummary(r: CtffindResults, p: CtffindParameters, o: CtffindTextOptions): string {
  const row = [1, r.defocusU, r.defocusV, r.astigmatismAngle, r.phaseShift, r.cc, r.fitResolutionA ?? Infinity].map(f).join(' ');
  return [
    ...headerLines(p, o, ''),
    '# Columns: #1 - micrograph number; #2 - defocus 1 [Angstroms]; #3 - defocus 2; #4 - azimuth of astigmatism; #5 - additional phase shift [radians]; #6 - cross correlation; #7 - spacing (in Angstroms) up to which CTF rings were fit successfully',
    row,
    '',
  ].join('\n');
}

export interface AvrotProfiles {
  frequency: ArrayLike<number>;
  rotationalAverage: ArrayLike<number>;
  epa: ArrayLike<number>;
  fit: ArrayLike<number>;
  cc: ArrayLike<number>;
  noise2Sigma: ArrayLike<number>;
}

/** The `_avrot.txt` file: 5 comment lines, then 6 lines of one value per 1-D bin. */
export function formatCtffindAvrot(prof: AvrotProfiles, p: CtffindParameters, o: CtffindTextOptions): string {
  const line = (a: ArrayLike<number>): string => Array.from(a, f).join(' ');
  return [
    ...headerLines(p, o, '; num. frames averaged: 1'),
    '# 6 lines per micrograph: #1 - spatial frequency (1/Angstroms); #2 - 1D rotational average of spectrum (assuming no astigmatism); #3 - 1D rotational average of spectrum; #4 - CTF fit; #5 - cross-correlation between spectrum and CTF fit; #6 - 2sigma of expected cross correlation of noise',
    line(prof.frequency), line(prof.rotationalAverage), line(prof.epa), line(prof.fit), line(prof.cc), line(prof.noise2Sigma),
    '',
  ].join('\n');
}
