// Benchmark: stream a 4096×4096 int8 movie frame by frame (openMrcFile) vs readMrc of the whole file vs mrcfile (numpy), printing ratios.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMrcFile, readMrc, writeMrcFile } from '../lib/formats/mrc/index.js';

const N = 4096;
const FRAMES = Number(process.env.FRAMES ?? 8);
const dir = mkdtempSync(join(tmpdir(), 'bench-mrc-'));
const path = join(dir, 'movie.mrc');

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function main(): Promise<void> {
  const frames = Array.from({ length: FRAMES }, (_, z) => ({ width: N, height: N, data: Float32Array.from({ length: N * N }, (_, i) => ((i * 7 + z) % 5) - 1) }));
  let t0 = process.hrtime.bigint();
  await writeMrcFile(path, frames, { mode: 0 });
  const tWrite = seconds(t0);
  frames.length = 0;

  const rss0 = process.memoryUsage().rss;
  t0 = process.hrtime.bigint();
  const reader = await openMrcFile(path);
  let sum = 0;
  let peakStream = 0;
  for (let i = 0; i < reader.frameCount; i++) {
    const f = await reader.readFrame(i);
    for (let k = 0; k < f.data.length; k += 4096) sum += f.data[k];
    peakStream = Math.max(peakStream, process.memoryUsage().rss - rss0);
  }
  await reader.close();
  const tStream = seconds(t0);

  t0 = process.hrtime.bigint();
  const whole = readMrc(readFileSync(path), path);
  const tWhole = seconds(t0);
  const peakWhole = process.memoryUsage().rss - rss0;

  const py = `import time, mrcfile, numpy as np\nt=time.perf_counter()\nwith mrcfile.open('${path}') as m:\n    s=[float(m.data[i].astype(np.float32)[::1,::4096].sum()) for i in range(m.data.shape[0])]\nprint(time.perf_counter()-t)`;
  const tMrcfile = Number(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' }).trim());

  console.log(`movie ${N}×${N}×${FRAMES} mode 0 (${(N * N * FRAMES) / 2 ** 20} MiB); checksum ${sum} / ${whole.images.length} frames`);
  console.log(`write (writeMrcFile)        ${tWrite.toFixed(2)} s`);
  console.log(`stream (openMrcFile)        ${tStream.toFixed(2)} s, extra RSS ≤ ${(peakStream / 2 ** 20).toFixed(0)} MiB`);
  console.log(`whole (readMrc)             ${tWhole.toFixed(2)} s, extra RSS ${(peakWhole / 2 ** 20).toFixed(0)} MiB`);
  console.log(`mrcfile (numpy, per frame)  ${tMrcfile.toFixed(2)} s`);
  console.log(`ratio stream / mrcfile = ${(tStream / tMrcfile).toFixed(2)}, stream / whole = ${(tStream / tWhole).toFixed(2)}`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
