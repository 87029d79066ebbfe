// Worker-thread task for the FFT worker test: initialises PFFFT in its own thread and returns F(0, 0) and F(1, 0).
import { initFft, fft2d } from '../../../lib/fft/index.js';

export default async function fftTask(input: { n: number; value: number }): Promise<number[]> {
  await initFft();
  const img = { width: input.n, height: input.n, data: new Float32Array(input.n * input.n).fill(input.value) };
  img.data[1] += 1;
  const spec = fft2d(input.n, input.n).forward(img);
  return [spec.data[0], spec.data[2], spec.data[3]];
}
