// PNG plot of a drift trajectory: axes with a scale bar, the path, a start marker, drawn into an RGB raster.
import sharp from 'sharp';
import type { Shift } from '../motion/alignGlobal.js';

export interface DriftPlotOptions {
  /** Square plot size, pixels. @default 400 */
  size?: number;
}

type Rgb = [number, number, number];

/** Draws the trajectory (x right, y up as in the MRC frame), equal scale on both axes, auto-ranged with ≥ 2 px span. */
export async function driftPlotPng(shifts: Shift[], options: DriftPlotOptions = {}): Promise<Uint8Array> {
  const n = options.size ?? 400;
  const px = new Uint8Array(n * n * 3).fill(255);
  const set = (x: number, y: number, c: Rgb): void => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= n || yi >= n) return;
    px.set(c, 3 * (yi * n + xi));
  };
  const line = (x0: number, y0: number, x1: number, y1: number, c: Rgb): void => {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    for (let k = 0; k <= steps; k++) set(x0 + ((x1 - x0) * k) / steps, y0 + ((y1 - y0) * k) / steps, c);
  };
  const xs = shifts.map((s) => s.dx);
  const ys = shifts.map((s) => s.dy);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const span = Math.max(2, Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) * 1.2;
  const margin = 30;
  const k = (n - 2 * margin) / span;
  const toX = (v: number): number => n / 2 + (v - cx) * k;
  const toY = (v: number): number => n / 2 - (v - cy) * k;
  const grey: Rgb = [160, 160, 160];
  line(margin, n - margin, n - margin, n - margin, grey);
  line(margin, margin, margin, n - margin, grey);
  // Tick every 1 px of shift (or 10 px for long paths) along both axes.
  const tick = span > 40 ? 10 : 1;
  for (let v = Math.ceil((cx - span / 2) / tick) * tick; v <= cx + span / 2; v += tick) line(toX(v), n - margin, toX(v), n - margin + 5, grey);
  for (let v = Math.ceil((cy - span / 2) / tick) * tick; v <= cy + span / 2; v += tick) line(margin - 5, toY(v), margin, toY(v), grey);
  // Origin cross-hair at zero shift.
  line(toX(0) - 6, toY(0), toX(0) + 6, toY(0), [200, 200, 255]);
  line(toX(0), toY(0) - 6, toX(0), toY(0) + 6, [200, 200, 255]);
  for (let i = 1; i < shifts.length; i++) line(toX(xs[i - 1]), toY(ys[i - 1]), toX(xs[i]), toY(ys[i]), [20, 60, 200]);
  for (let i = 0; i < shifts.length; i++) for (let d = -1; d <= 1; d++) for (let e = -1; e <= 1; e++) set(toX(xs[i]) + d, toY(ys[i]) + e, [20, 60, 200]);
  for (let d = -4; d <= 4; d++) for (let e = -4; e <= 4; e++) if (d * d + e * e <= 16) set(toX(xs[0]) + d, toY(ys[0]) + e, [0, 170, 0]);
  const last = shifts.length - 1;
  for (let d = -4; d <= 4; d++) { set(toX(xs[last]) + d, toY(ys[last]) + d, [220, 0, 0]); set(toX(xs[last]) + d, toY(ys[last]) - d, [220, 0, 0]); }
  const out = await sharp(Buffer.from(px.buffer), { raw: { width: n, height: n, channels: 3 } }).png().toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
