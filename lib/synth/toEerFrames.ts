// Splits counted frames into EER raw (hardware) frames: each pixel's electrons go to distinct raw frames.
import type { Image2D } from '../image.js';
import type { EerFrameInput } from '../formats/eer/index.js';
import type { Rng } from './random.js';

/**
 * Yields, for each counted frame, `grouping` raw frames whose sum is that frame (RELION --eer_grouping =
 * grouping renders it back), one fraction in memory at a time. A pixel holds at most one electron per raw
 * frame, so counts above `grouping` are clamped (only hot pixels get there at ordinary doses); `stats.clamped`
 * counts them. Events come out in pixel order (what EER stores), by a counting sort over raw-frame index.
 */
export function* eerRawFrames(frames: Iterable<Image2D>, grouping: number, rng: Rng, stats: { clamped: number } = { clamped: 0 }): Generator<EerFrameInput> {
  const used = new Uint8Array(grouping);
  for (const f of frames) {
    let total = 0;
    for (let i = 0; i < f.data.length; i++) if (f.data[i] > 0) total += Math.min(grouping, f.data[i]);
    const pixel = new Uint32Array(total);
    const slot = new Uint8Array(total);
    const perSlot = new Uint32Array(grouping);
    let e = 0;
    for (let i = 0; i < f.data.length; i++) {
      let c = f.data[i];
      if (c <= 0) continue;
      if (c > grouping) {
        stats.clamped += c - grouping;
        c = grouping;
      }
      if (c === 1) {
        const j = Math.floor(rng.next() * grouping);
        pixel[e] = i;
        slot[e++] = j;
        perSlot[j]++;
        continue;
      }
      used.fill(0);
      for (let k = 0; k < c; k++) {
        let j = Math.floor(rng.next() * grouping);
        while (used[j]) j = (j + 1) % grouping;
        used[j] = 1;
        pixel[e] = i;
        slot[e++] = j;
        perSlot[j]++;
      }
    }
    const out = Array.from(perSlot, (n) => ({ events: new Uint32Array(n) }));
    const fill = new Uint32Array(grouping);
    for (let k = 0; k < e; k++) out[slot[k]].events[fill[slot[k]]++] = pixel[k];
    yield* out;
  }
}

/** All raw frames at once (small movies and tests); see eerRawFrames. */
export function toEerFrames(frames: Iterable<Image2D>, grouping: number, rng: Rng): { raw: EerFrameInput[]; clamped: number } {
  const stats = { clamped: 0 };
  const raw = [...eerRawFrames(frames, grouping, rng, stats)];
  return { raw, clamped: stats.clamped };
}
