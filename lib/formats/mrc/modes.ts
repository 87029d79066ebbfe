// MRC2014 data modes this project reads and writes, and how many bytes each takes on disk.

/** Modes supported here: 0 int8 (signed, as RELION 3.1 reads it), 1 int16, 2 float32, 6 uint16, 12 float16, 101 4-bit packed. */
export type MrcMode = 0 | 1 | 2 | 6 | 12 | 101;

const MODE_NAMES: Record<MrcMode, string> = {
  0: 'int8',
  1: 'int16',
  2: 'float32',
  6: 'uint16',
  12: 'float16',
  101: '4-bit',
};

/** True for a mode this module can read and write. */
export function isSupportedMode(mode: number): mode is MrcMode {
  return Object.prototype.hasOwnProperty.call(MODE_NAMES, mode);
}

/** Short name of a supported mode ("int16"), for messages. */
export function modeName(mode: MrcMode): string {
  return MODE_NAMES[mode];
}

/** The list used in "unsupported mode" messages: "0 int8, 1 int16, ...". */
export function supportedModesText(): string {
  return Object.entries(MODE_NAMES)
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
}

/** Bytes per stored value for modes that store whole bytes (not 101). */
export function bytesPerValue(mode: Exclude<MrcMode, 101>): number {
  return mode === 0 ? 1 : mode === 2 ? 4 : 2;
}

/**
 * Bytes of one nx×ny section. Mode 101 packs two pixels per byte and starts each row on a
 * new byte when nx is odd (IMOD mode 101; MotionCor3 `C4BitImage`: (nx+1)/2 bytes per row).
 */
export function sectionBytes(mode: MrcMode, nx: number, ny: number): number {
  if (mode === 101) return Math.ceil(nx / 2) * ny;
  return nx * ny * bytesPerValue(mode);
}
