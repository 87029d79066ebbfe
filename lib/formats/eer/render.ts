// Renders decoded EER events onto a count image at 1×, 2× or 4× the native sampling (RELION render4K/8K/16K).

import { InvalidInputError } from '../../errors.js';
import type { Image2D } from '../../image.js';
import type { EerEvents } from './decode.js';

export interface RenderEerEventsOptions {
  /** Native frame width in pixels (4096 on Falcon 4). */
  width: number;
  /** Output sampling per native pixel: 1 = native, 2 = 8K, 4 = 16K. @default 1 */
  upsampling?: 1 | 2 | 4;
  /** Sub-pixel bits of the codec (x, y); upsampling needs at least log2(upsampling) of each. @default 2 */
  horzSubBits?: number;
  vertSubBits?: number;
}

/**
 * Adds +1 per electron to `image` (size width·u × height·u). The output pixel is the native pixel shifted
 * left by log2(u) bits, or'ed with the top log2(u) sub-pixel bits: at 2× `x = (px << 1) | (subX >> 1)`,
 * exactly RELION's render8K `((pos & 4095) << 1) | ((s & 2) >> 1)`. No y flip: RELION renders EER as stored.
 */
export function renderEerEvents(events: EerEvents, image: Image2D, options: RenderEerEventsOptions): void {
  const { width, upsampling = 1, horzSubBits = 2, vertSubBits = 2 } = options;
  const shift = upsampling === 4 ? 2 : upsampling === 2 ? 1 : 0;
  if (shift > horzSubBits || shift > vertSubBits) {
    throw new InvalidInputError(`EER upsampling ${upsampling} needs ${shift} sub-pixel bits per axis, the stream has ${horzSubBits}×${vertSubBits}`);
  }
  if (image.width !== width << shift) throw new InvalidInputError(`EER render: image width ${image.width} is not ${width}×${upsampling}`);
  const { positions, subX, subY, count } = events;
  const sx = horzSubBits - shift;
  const sy = vertSubBits - shift;
  const out = image.data;
  const ow = image.width;
  for (let i = 0; i < count; i++) {
    const pos = positions[i];
    const px = pos % width;
    const py = (pos - px) / width;
    const x = (px << shift) | (subX[i] >>> sx);
    const y = (py << shift) | (subY[i] >>> sy);
    out[y * ow + x] += 1;
  }
}
