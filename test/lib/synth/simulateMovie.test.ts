// Simulated movies carry the truth they claim: dose, drift, local motion, damage, gain and hot pixels.
import { describe, it, expect } from 'vitest';
import { MOVIE_SPECIMEN, simulateMovie, localShiftAt, exposureFilter } from '../../../lib/synth/index.js';
import type { Image2D } from '../../../lib/image.js';
import { fft2d, crossCorrelate, findPeak, cropImage, powerSpectrum, radialAverage, shiftImage } from '../../../lib/fft/index.js';

const small = { width: 256, height: 192, pixelSizeA: 2, particleDiameterA: 60, seed: 11 };

function mean(img: Image2D): number {
  let s = 0;
  for (let i = 0; i < img.data.length; i++) s += img.data[i];
  return s / img.data.length;
}

describe('simulateMovie', () => {
  it('gives integer counts with mean dose·apix² per pixel within Poisson error', async () => {
    const movie = await simulateMovie({ ...small, frames: 3, dosePerFrame: 1.2 });
    let n = 0;
    for (const f of movie.frames()) {
      const lambda = 1.2 * 2 * 2;
      expect(f.data.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      expect(Math.abs(mean(f) - lambda)).toBeLessThan(4 * Math.sqrt(lambda / f.data.length) + 0.01 * lambda);
      n++;
    }
    expect(n).toBe(3);
    expect(movie.truth.shifts[0]).toEqual({ dx: 0, dy: 0 });
  });

  it('is deterministic for a seed', async () => {
    const a = (await simulateMovie({ ...small, frames: 2 })).frames();
    const b = (await simulateMovie({ ...small, frames: 2 })).frames();
    a.next();
    b.next();
    expect(a.next().value?.data).toEqual(b.next().value?.data);
  });

  it('gives movies the alignable specimen (MOVIE_SPECIMEN) unless told otherwise', async () => {
    const frame = async (o: object): Promise<Float32Array> => (await simulateMovie({ ...small, frames: 1, noise: false, ...o })).frames().next().value?.data ?? new Float32Array();
    const byDefault = await frame({});
    expect(byDefault).toEqual(await frame({ ...MOVIE_SPECIMEN }));
    expect(byDefault).not.toEqual(await frame({ particleContrast: 0.15, iceNoise: 0.05 }));
  });

  it('applies exactly the truth drift: cross-correlating noiseless frames finds shifts[i] (0.15 px, parabola-limited) and undoing it restores frame 0 exactly', async () => {
    // The micrograph specimen's weak contrast: no pixel is clamped at zero intensity (a clamp does not commute with a shift).
    const movie = await simulateMovie({ ...small, frames: 6, totalDriftPx: 12, radiationDamage: false, noise: false, particleContrast: 0.15, iceNoise: 0.05 });
    const plan = fft2d(small.width, small.height);
    const frames = [...movie.frames()];
    const ref = plan.forward(frames[0]);
    for (let i = 1; i < frames.length; i++) {
      const peak = findPeak(crossCorrelate(ref, plan.forward(frames[i])), { searchRadius: 20 });
      expect(Math.abs(peak.dx - movie.truth.shifts[i].dx)).toBeLessThan(0.15);
      expect(Math.abs(peak.dy - movie.truth.shifts[i].dy)).toBeLessThan(0.15);
      const back = shiftImage(frames[i], -movie.truth.shifts[i].dx, -movie.truth.shifts[i].dy);
      let err = 0;
      for (let j = 0; j < back.data.length; j++) err = Math.max(err, Math.abs(back.data[j] - frames[0].data[j]));
      expect(err / 4.8).toBeLessThan(1e-4);
    }
    const last = movie.truth.shifts[5];
    expect(Math.hypot(last.dx, last.dy)).toBeGreaterThan(3);
  });

  it('adds the local polynomial field: a corner patch moves by global + local shift', async () => {
    const opts = { ...small, width: 256, height: 256, frames: 4, totalDriftPx: 4, localMotionPx: 3, radiationDamage: false, noise: false } as const;
    const movie = await simulateMovie(opts);
    const frames = [...movie.frames()];
    const model = movie.truth.localMotion;
    expect(model).not.toBeNull();
    const plan = fft2d(64, 64);
    const [x0, y0] = [16, 176];
    const p0 = plan.forward(cropImage(frames[0], 64, 64, x0, y0));
    const p3 = plan.forward(cropImage(frames[3], 64, 64, x0, y0));
    const peak = findPeak(crossCorrelate(p0, p3), { searchRadius: 12 });
    const loc = localShiftAt(model!, 3, x0 + 32, y0 + 32, 256, 256);
    const want = { dx: movie.truth.shifts[3].dx + loc.dx, dy: movie.truth.shifts[3].dy + loc.dy };
    expect(Math.hypot(loc.dx, loc.dy)).toBeGreaterThan(0.3);
    expect(Math.abs(peak.dx - want.dx)).toBeLessThan(0.35);
    expect(Math.abs(peak.dy - want.dy)).toBeLessThan(0.35);
  });

  it('damps high frequencies by the exposure filter frame by frame', async () => {
    const movie = await simulateMovie({ ...small, frames: 10, dosePerFrame: 3, totalDriftPx: 0, noise: false, particleCount: 0, iceNoise: 0.2 });
    const frames = [...movie.frames()];
    const ps = (f: Image2D) => radialAverage(powerSpectrum(fft2d(256, 192).forward(f)));
    const first = ps(frames[0]);
    const last = ps(frames[9]);
    // bin k ↔ k/(256·2 Å) ; check around 1/8 Å⁻¹ (bin 64), where Ne ≈ 6.5 e/Å²
    const k = 64;
    const filt = exposureFilter(256, 192, 2, 27)[k]; // power ratio = (exp(−27/(2Ne)))², coefficient (kx = 64, ky = 0)
    expect(last[k] / first[k]).toBeGreaterThan(filt ** 2 * 0.8);
    expect(last[k] / first[k]).toBeLessThan(filt ** 2 * 1.25);
  });

  it('applies the gain as sensitivity 1/gain and puts hot pixels where truth says', async () => {
    const movie = await simulateMovie({ ...small, frames: 1, gainSpread: 0.2, hotPixels: 5, hotPixelRate: 100, noise: false });
    const [f] = [...movie.frames()];
    const gain = movie.gain!;
    const lambda = 1.2 * 4;
    let s = 0;
    for (let i = 0; i < f.data.length; i++) s += f.data[i] * gain.data[i];
    expect(Math.abs(s / f.data.length - lambda)).toBeLessThan(0.1 * lambda);
    for (const p of movie.truth.hotPixels) expect(f.data[p.y * 256 + p.x]).toBeGreaterThan(100);
    expect(movie.truth.hotPixels).toHaveLength(5);
  });

  it('writes detector sizes that are not FFT sizes (K3 5760×4092 in small: 200×150) by cropping a larger simulation', async () => {
    const movie = await simulateMovie({ width: 200, height: 150, frames: 2, pixelSizeA: 2, particleDiameterA: 60, seed: 4, gainSpread: 0.1, hotPixels: 50 });
    const f = movie.frames().next().value as Image2D;
    expect([f.width, f.height, f.data.length]).toEqual([200, 150, 30000]);
    expect([movie.clean.width, movie.clean.height, movie.gain?.width, movie.gain?.height]).toEqual([200, 150, 200, 150]);
    expect([movie.truth.width, movie.truth.height]).toEqual([200, 150]);
    for (const p of [...movie.truth.particles.centres, ...movie.truth.hotPixels]) expect(p.x < 200 && p.y < 150).toBe(true);
    await expect(simulateMovie({ width: 200, height: 150, localMotionPx: 2 })).rejects.toThrow(/local motion needs an FFT-size movie/);
  });
});
