// The MRC2014 1024-byte header: its fields and parseMrcHeader (layout: CCP-EM MRC2014 spec, mrcfile HEADER_DTYPE).
import { InvalidInputError } from '../../errors.js';
import { isSupportedMode, supportedModesText } from './modes.js';

/** Size of the fixed main header; data starts at 1024 + nsymbt. */
export const MRC_HEADER_BYTES = 1024;
/** Largest nx, ny or nz accepted; anything bigger is a corrupt header, not a real image. */
export const MRC_MAX_DIM = 1_000_000;

export interface MrcHeader {
  /** Columns (fastest), rows, sections as stored in the file (before axis reordering). */
  nx: number;
  ny: number;
  nz: number;
  mode: number;
  /** Sampling along X, Y, Z; pixel size = cella / m (RELION rwMRC.h: `a / mx`). */
  mx: number;
  my: number;
  mz: number;
  cella: { x: number; y: number; z: number };
  pixelSizeA: { x: number; y: number; z: number };
  /** Which axis (1 = X, 2 = Y, 3 = Z) the columns, rows and sections run along. */
  mapc: number;
  mapr: number;
  maps: number;
  dmin: number;
  dmax: number;
  dmean: number;
  rms: number;
  ispg: number;
  /** Bytes of extended header after the main header. */
  nsymbt: number;
  /** Extended header type ("FEI1", "FEI2", "CCP4", …), "" when unset. */
  exttyp: string;
  nversion: number;
  origin: { x: number; y: number; z: number };
  littleEndian: boolean;
  labels: string[];
  /** Byte offset of the first data byte (1024 + nsymbt). */
  dataOffset: number;
}

/**
 * Byte order from the machine stamp at byte 212 (0x44 0x44 or 0x44 0x41 = little, 0x11 0x11 = big;
 * mrcfile utils.byte_order_from_machine_stamp). Old files lack a stamp: then pick the order
 * in which the mode is one we know.
 */
function detectLittleEndian(view: DataView): boolean {
  const b0 = view.getUint8(212);
  const b1 = view.getUint8(213);
  if (b0 === 0x44 && (b1 === 0x44 || b1 === 0x41)) return true;
  if (b0 === 0x11 && b1 === 0x11) return false;
  return isSupportedMode(view.getInt32(12, true)) || !isSupportedMode(view.getInt32(12, false));
}

/** Printable ASCII of bytes [start, start+length), trailing spaces and NULs removed. */
function readText(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length; i++) {
    const c = bytes[i];
    s += c >= 32 && c < 127 ? String.fromCharCode(c) : c === 0 ? '\0' : '?';
  }
  return s.replace(/[\s\0]+$/, '').replace(/\0/g, ' ');
}

function fail(name: string, problem: string): never {
  throw new InvalidInputError(`"${name}": ${problem}`);
}

function validDim(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MRC_MAX_DIM;
}

/** Parse and check the 1024-byte main header; throws InvalidInputError naming `name` and the problem. */
export function parseMrcHeader(bytes: Uint8Array, name: string): MrcHeader {
  if (bytes.length < MRC_HEADER_BYTES) {
    fail(name, `not an MRC file: ${bytes.length} bytes, shorter than the ${MRC_HEADER_BYTES}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, MRC_HEADER_BYTES);
  const le = detectLittleEndian(view);
  const i32 = (off: number): number => view.getInt32(off, le);
  const f32 = (off: number): number => view.getFloat32(off, le);
  const [nx, ny, nz, mode] = [i32(0), i32(4), i32(8), i32(12)];
  const hasMapId = readText(bytes, 208, 4) === 'MAP';
  const dimsOk = validDim(nx) && validDim(ny) && validDim(nz);
  if (!hasMapId && (!dimsOk || !isSupportedMode(mode))) {
    fail(name, `not an MRC file: no "MAP " id at byte 208 and header reads ${nx}×${ny}×${nz} mode ${mode}`);
  }
  if (!dimsOk) fail(name, `nonsense dimensions ${nx}×${ny}×${nz}: nx, ny and nz must each be 1 to ${MRC_MAX_DIM}`);
  if (!isSupportedMode(mode)) fail(name, `unsupported mode ${mode} (supported: ${supportedModesText()})`);
  const nsymbt = i32(92);
  if (nsymbt < 0) fail(name, `negative extended header size nsymbt = ${nsymbt}`);
  let [mapc, mapr, maps] = [i32(64), i32(68), i32(72)];
  if (mapc === 0 && mapr === 0 && maps === 0) [mapc, mapr, maps] = [1, 2, 3]; // unset in some old files
  if ([mapc, mapr, maps].sort().join() !== '1,2,3') {
    fail(name, `axis order mapc, mapr, maps = ${mapc}, ${mapr}, ${maps} is not a permutation of 1, 2, 3`);
  }
  const [mx, my, mz] = [i32(28), i32(32), i32(36)];
  const cella = { x: f32(40), y: f32(44), z: f32(48) };
  const nlabl = Math.max(0, Math.min(10, i32(220)));
  const labels: string[] = [];
  for (let i = 0; i < nlabl; i++) labels.push(readText(bytes, 224 + 80 * i, 80));
  return {
    nx, ny, nz, mode, mx, my, mz, cella,
    pixelSizeA: { x: mx > 0 ? cella.x / mx : 0, y: my > 0 ? cella.y / my : 0, z: mz > 0 ? cella.z / mz : 0 },
    mapc, mapr, maps,
    dmin: f32(76), dmax: f32(80), dmean: f32(84), rms: f32(216),
    ispg: i32(88), nsymbt, exttyp: readText(bytes, 104, 4), nversion: i32(108),
    origin: { x: f32(196), y: f32(200), z: f32(204) },
    littleEndian: le, labels, dataOffset: MRC_HEADER_BYTES + nsymbt,
  };
}
