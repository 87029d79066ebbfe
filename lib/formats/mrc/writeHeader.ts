// Build the 1024-byte MRC2014 header for a file this project writes.
import { MRC_HEADER_BYTES } from './header.js';
import type { MrcMode } from './modes.js';
import type { MrcStats } from './stats.js';

export interface MrcHeaderFields {
  nx: number;
  ny: number;
  nz: number;
  mode: MrcMode;
  pixelSizeA: number;
  stats: MrcStats;
  labels: string[];
  /** Volume (ispg 1, mz = nz) rather than image or image stack (ispg 0, mz = 1). */
  volume: boolean;
  littleEndian: boolean;
}

/** Label text as the header stores it: printable ASCII only, at most 80 characters. */
function cleanLabel(label: string): string {
  return label.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
}

/**
 * The header: dimensions, mx = nx, my = ny, mz = nz for volumes and 1 for image stacks (mrcfile
 * `update_header_from_data`), cella = m × pixel size, axis order 1, 2, 3, statistics, nversion 20140,
 * "MAP ", machine stamp 0x44 0x44 (little) or 0x11 0x11 (big), labels.
 */
export function buildMrcHeader(f: MrcHeaderFields): Uint8Array {
  const bytes = new Uint8Array(MRC_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  const le = f.littleEndian;
  const i32 = (off: number, v: number): void => view.setInt32(off, v, le);
  const f32 = (off: number, v: number): void => view.setFloat32(off, v, le);
  const mz = f.volume ? f.nz : 1;
  [f.nx, f.ny, f.nz, f.mode].forEach((v, i) => i32(4 * i, v));
  [f.nx, f.ny, mz].forEach((v, i) => i32(28 + 4 * i, v)); // nxstart..nzstart stay 0
  [f.nx, f.ny, mz].forEach((v, i) => f32(40 + 4 * i, v * f.pixelSizeA)); // cella
  [90, 90, 90].forEach((v, i) => f32(52 + 4 * i, v)); // cellb
  [1, 2, 3].forEach((v, i) => i32(64 + 4 * i, v)); // mapc, mapr, maps
  f32(76, f.stats.dmin);
  f32(80, f.stats.dmax);
  f32(84, f.stats.dmean);
  i32(88, f.volume ? 1 : 0);
  i32(108, 20140);
  bytes.set([0x4d, 0x41, 0x50, 0x20], 208); // "MAP "
  bytes.set(le ? [0x44, 0x44, 0, 0] : [0x11, 0x11, 0, 0], 212);
  f32(216, f.stats.rms);
  const labels = f.labels.map(cleanLabel).filter((l) => l.trim().length > 0).slice(0, 10);
  i32(220, labels.length);
  labels.forEach((label, i) => {
    const text = label.padEnd(80, ' ');
    for (let c = 0; c < 80; c++) bytes[224 + 80 * i + c] = text.charCodeAt(c);
  });
  return bytes;
}
