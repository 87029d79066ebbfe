// Applies a local motion field to one frame by bilinear resampling (periodic edges, like the Fourier global shift).
import type { Image2D } from '../image.js';
import type { LocalMotionModel } from './motion.js';

/**
 * out(x, y) = img(x − Lx, y − Ly) with L = the local model at frame z evaluated at the OUTPUT pixel
 * (so content moves by +L). Bilinear interpolation, circular wrap. The field is a quadratic in u per
 * row, evaluated as A + B·u + C·u² with row constants.
 */
export function applyLocalMotion(img: Image2D, model: LocalMotionModel, z: number): Image2D {
  const { width: w, height: h, data } = img;
  const out = new Float32Array(w * h);
  const zp = [z, z * z, z * z * z];
  const g = (c: number[], t: number) => c[3 * t] * zp[0] + c[3 * t + 1] * zp[1] + c[3 * t + 2] * zp[2];
  const gx = [0, 1, 2, 3, 4, 5].map((t) => g(model.coeffX, t));
  const gy = [0, 1, 2, 3, 4, 5].map((t) => g(model.coeffY, t));
  for (let y = 0; y < h; y++) {
    const v = y / h - 0.5;
    // terms [1, u, u², v, v², uv] → A + B·u + C·u²
    const ax = gx[0] + gx[3] * v + gx[4] * v * v;
    const bx = gx[1] + gx[5] * v;
    const ay = gy[0] + gy[3] * v + gy[4] * v * v;
    const by = gy[1] + gy[5] * v;
    for (let x = 0; x < w; x++) {
      const u = x / w - 0.5;
      const sx = x - (ax + bx * u + gx[2] * u * u);
      const sy = y - (ay + by * u + gy[2] * u * u);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const xa = ((x0 % w) + w) % w;
      const xb = (xa + 1) % w;
      const ya = (((y0 % h) + h) % h) * w;
      const yb = (((y0 + 1) % h + h) % h) * w;
      out[y * w + x] = (1 - fy) * ((1 - fx) * data[ya + xa] + fx * data[ya + xb]) + fy * ((1 - fx) * data[yb + xa] + fx * data[yb + xb]);
    }
  }
  return { width: w, height: h, data: out };
}
