// Small test movies: int16 MRC stacks with distinct content per seed (so each has its own ETag).
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import type { Image2D } from '../../../lib/image.js';

/** `frames` frames of `size`² Poisson-like counts around 10, a pattern varying with `seed`. */
export function mrcMovie(size: number, frames: number, seed: number): Uint8Array {
  let state = (seed * 2654435761) >>> 0 || 1;
  const rand = () => { state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0; return state / 4294967296; };
  const images: Image2D[] = Array.from({ length: frames }, () => {
    const data = new Float32Array(size * size);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(8 + 5 * rand() + 3 * Math.sin((i % size) / (3 + (seed % 5))));
    return { width: size, height: size, data };
  });
  return encodeMrc(images, { pixelSizeA: 1, mode: 1 });
}
