// Splits counted frames into EER raw (hardware) frames: each pixel's electrons go to distinct raw frames.
import type { Image2D } from '../image.js';
import type { EerFrameInput } from '../formats/eer/index.js';
import type { Rng } from './random.js';

/**
 * For each counted frame, `grouping` raw frames whose sum is that frame (RELION --eer_grouping = grouping
 * renders it back). A pixel holds at most one electron per raw frame, so counts above `grouping` are
 * clamped to `grouping` (only hot pixels get there at ordinary doses); the number clamped is returned.
 */
export function toEerFrames(frames: Iterable<Image2D>, grouping: number, rng: Rng): { raw: EerFrameInput[]; clamped: number } {
  const raw: EerFrameInput[] = [];
  let clamped = 0;
  for (const f of frames) {
    const lists: number[][] = Array.from({ length: grouping }, () => []);
    const used = new Uint8Array(grouping);
    for (let i = 0; i < f.data.length; i++) {
      let c = f.data[i];
      if (c <= 0) continue;
      if (c > grouping) {
        clamped += c - grouping;
        c = grouping;
      }
      used.fill(0);
      for (let k = 0; k < c; k++) {
        let j = Math.floor(rng.next() * grouping);
        while (used[j]) j = (j + 1) % grouping;
        used[j] = 1;
        lists[j].push(i);
      }
    }
    for (const l of lists) raw.push({ events: Uint32Array.from(l) });
  }
  return { raw, clamped };
}
