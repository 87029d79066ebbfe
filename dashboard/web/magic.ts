// The page's first check of a dropped file: a movie name and TIFF/EER or MRC magic bytes (the server checks again).

const EXTENSIONS = ['tif', 'tiff', 'mrc', 'eer'];
const MRC_MODES = new Set([0, 1, 2, 6, 12, 101]);

function isTiff(b: Uint8Array): boolean {
  return (b[0] === 0x49 && b[1] === 0x49 && b[2] === 42 && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 42);
}

/** MRC2014 "MAP " at byte 208, or a plausible older header (sizes, a movie mode, axes 1..3). */
function isMrc(b: Uint8Array): boolean {
  if (b.length < 224) return false;
  if (b[208] === 0x4d && b[209] === 0x41 && b[210] === 0x50 && b[211] === 0x20) return true;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  return [true, false].some((le) => {
    const dims = [0, 4, 8].map((o) => dv.getInt32(o, le));
    const axes = [64, 68, 72].map((o) => dv.getInt32(o, le)).sort();
    return dims.every((n) => n >= 1 && n <= 1_000_000) && MRC_MODES.has(dv.getInt32(12, le)) && axes.join() === '1,2,3';
  });
}

/** Why `name` with first bytes `head` is refused, or null when it looks like a movie. */
export function refusal(name: string, head: Uint8Array): string | null {
  const ext = /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (!EXTENSIONS.includes(ext)) return `file "${name}": refused, the name must end in .tif, .tiff, .mrc, .eer (got "${ext ? `.${ext}` : 'no extension'}")`;
  if (!isTiff(head) && !isMrc(head)) {
    const hex = [...head.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    return `file "${name}": refused, not a TIFF, MRC or EER movie by its magic bytes (starts ${hex || 'empty'})`;
  }
  return null;
}
