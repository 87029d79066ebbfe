// Task (worker or inline): a band of an 8-bit TIFF page's strips decoded, y-flipped and packed into the frame's nibbles,
// with its counts added to a hot-pixel lane set: the first pass's per-page work, done strip by strip while it is in cache.
import { decodeStrips } from '../formats/tiff/index.js';
import type { TiffStripPlan } from '../formats/tiff/index.js';

export interface CountBandInput {
  plan: TiffStripPlan;
  /** Strips first..last−1 of the page. */
  first: number;
  last: number;
  /** The whole frame's nibbles on shared memory (this band's rows are written), or null when the frame is not cached. */
  nibbles: Uint8Array | null;
  /** A lane set of HotPixelSum.laneSlots no other thread is using now, or null without a hot-pixel sum. */
  lanes: Uint32Array | null;
  /** Most bright pixels to list: past it the band stops listing and says so. */
  maxBright: number;
}

export interface CountBand {
  /** Pixels over 15 (flat indices of the y-flipped frame) and their counts, in no particular order; they hold 15 in `nibbles`. */
  index: number[];
  count: number[];
  /** More than maxBright were over 15: the lists are incomplete. */
  tooBright: boolean;
}

/** This thread's strip buffer, reused page after page. */
let scratch = new Uint8Array(0);

/** Needs an even page width (every camera's), so each row starts on a whole pixel pair, byte and lane word. */
export default function countBandTask({ plan, first, last, nibbles, lanes, maxBright }: CountBandInput): CountBand {
  const { width: w, height: h } = plan;
  if (w % 2 !== 0) throw new Error(`countBandTask: page width must be even, got ${w}`);
  const need = plan.rowsPerStrip * w;
  if (scratch.length < need) scratch = new Uint8Array(need);
  const s16 = new Uint16Array(scratch.buffer, 0, scratch.length >> 1);
  const half = w >> 1;
  // Widths that are a multiple of 4 (every camera's) go 4 pixels per load: 32-bit words of counts, lanes and nibbles.
  const quads = w % 4 === 0 && (!nibbles || nibbles.byteOffset % 2 === 0) && (!lanes || lanes.byteOffset % 4 === 0);
  const s32 = new Int32Array(scratch.buffer, 0, scratch.length >> 2);
  const lanes32 = lanes ? new Int32Array(lanes.buffer, lanes.byteOffset, lanes.length) : null;
  const nib16 = nibbles && quads ? new Uint16Array(nibbles.buffer, nibbles.byteOffset, nibbles.length >> 1) : null;
  const list: BrightList = { index: [], count: [], max: maxBright, tooBright: false };
  decodeStrips(plan, first, last, scratch, (y0, rows) => {
    // Row y0 + r goes to row h − 1 − y0 − r of the frame (the y flip every reader applies to TIFF).
    for (let r = 0; r < rows; r++) {
      const to = (h - 1 - y0 - r) * half;
      if (quads) packRow4(s32, (r * half) >> 1, to, half >> 1, lanes32, nib16, list);
      else packRow(s16, r * half, to, half, lanes, nibbles, list);
    }
  });
  return { index: list.index, count: list.count, tooBright: list.tooBright };
}

interface BrightList {
  index: number[];
  count: number[];
  max: number;
  tooBright: boolean;
}

/**
 * One row's `half` pixel pairs from s16[from…] (first pixel in the low byte) into lane and nibble word `to…`, bright
 * pixels listed. Its own function, with plain locals: the hot loop stays free of closure variables.
 */
function packRow(s16: Uint16Array, from: number, to: number, half: number, lanes: Uint32Array | null, nibbles: Uint8Array | null, list: BrightList): void {
  for (let k = 0; k < half; k++) {
    const v = s16[from + k];
    const a = v & 255;
    const b = v >>> 8;
    const ab = a | b;
    if (lanes) lanes[to + k] += a | (b << 16);
    if (ab > 15) {
      if (a > 15) addBright(list, 2 * (to + k), a);
      if (b > 15) addBright(list, 2 * (to + k) + 1, b);
      if (nibbles) nibbles[to + k] = Math.min(a, 15) | (Math.min(b, 15) << 4);
    } else if (nibbles) nibbles[to + k] = a | (b << 4);
  }
}

/**
 * packRow four pixels at a time: word q of s32[from…] holds pixels 4q..4q+3 (first in the low byte); their two lane
 * words are 2q, 2q + 1 from `to` and their nibble pair is 16-bit word (to >> 1) + q. A word with no count over 15
 * packs with shifts and masks alone.
 */
function packRow4(s32: Int32Array, from: number, to: number, quarter: number, lanes: Int32Array | null, nib16: Uint16Array | null, list: BrightList): void {
  const n0 = to >> 1;
  for (let q = 0; q < quarter; q++) {
    const v = s32[from + q];
    if (lanes) {
      const j = to + 2 * q;
      lanes[j] = (lanes[j] + ((v & 0xff) | ((v & 0xff00) << 8))) | 0;
      lanes[j + 1] = (lanes[j + 1] + (((v >>> 16) & 0xff) | ((v >>> 8) & 0xff0000))) | 0;
    }
    if ((v & 0xf0f0f0f0) === 0) {
      if (nib16) nib16[n0 + q] = (v & 0xf) | ((v >>> 4) & 0xf0) | ((v >>> 8) & 0xf00) | ((v >>> 12) & 0xf000);
    } else {
      let packed = 0;
      for (let t = 0; t < 4; t++) {
        const c = (v >>> (8 * t)) & 255;
        if (c > 15) addBright(list, 2 * to + 4 * q + t, c);
        packed |= Math.min(c, 15) << (4 * t);
      }
      if (nib16) nib16[n0 + q] = packed;
    }
  }
}

function addBright(list: BrightList, p: number, v: number): void {
  if (list.index.length < list.max) {
    list.index.push(p);
    list.count.push(v);
  } else list.tooBright = true;
}
