// Circular half-size shift (fftshift) of a real image: moves pixel (0, 0) to (width/2, height/2).
import type { Image2D } from '../image.js';

/** fftshift for even sizes: out(x, y) = in((x + w/2) mod w, (y + h/2) mod h); its own inverse for even sizes. */
export function centerImage(img: Image2D): Image2D {
  const { width: w, height: h } = img;
  const hw = w >> 1;
  const hh = h >> 1;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const src = ((y + hh) % h) * w;
    const dst = y * w;
    out.set(img.data.subarray(src + hw, src + w), dst);
    out.set(img.data.subarray(src, src + hw), dst + w - hw);
  }
  return { width: w, height: h, data: out };
}
