import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_FAKE_SUMS } from './fakeMotionCor2Sums.js';
import { motionCor2FromEnv, motionCorrect, MotioncorResults } from '../../../lib/motion/index.js';
import { simulateMovie, writeSynthMovie } from '../../../lib/synth/index.js';
import { motioncorFiles } from '../../../lib/steps/motioncorFiles.js';

let dir = '';
let bin = '';

// A stand-in MotionCor3: records its arguments, writes the documented logs (named after the input movie, in -LogDir)
// and two 64×64 float32 MRC sums (header written by Python's struct, no numpy needed).
const SCRIPT = `#!/bin/bash
set -e
while [ $# -gt 0 ]; do
  case "$1" in
    -InMrc|-InTiff|-InEer) IN="$2"; shift 2;;
    -OutMrc) OUT="$2"; shift 2;;
    -LogDir) LOG="$2"; shift 2;;
    *) shift;;
  esac
done
echo "$IN $OUT $LOG" > "$ARGS_FILE"
STEM=$(basename "$IN"); STEM="\${STEM%.*}"
printf '# Patch based alignment\\n# Initial alignment based upon full frames\\n\\n' > "$LOG/$STEM-Patch-Full.log"
for i in 1 2 3 4; do printf '%4d  %8.2f  %8.2f\\n' $i $(( i - 1 )).50 -$(( i - 1 )).25 >> "$LOG/$STEM-Patch-Full.log"; done
printf '# Patch based alignment\\n\\n#Patch 001 raw and fit shifts\\n' > "$LOG/$STEM-Patch-Patch.log"
for i in 1 2 3 4; do printf '%4d %8.2f %8.2f %8.2f %8.2f %4d\\n' $i 16.00 16.00 $(( i - 1 )).00 0.00 0 >> "$LOG/$STEM-Patch-Patch.log"; done
${WRITE_FAKE_SUMS}if [ -n "$NO_DW" ]; then rm "\${OUT%.mrc}_DW.mrc"; fi
if [ -n "$STDOUT_FILE" ]; then cat "$STDOUT_FILE"; fi
echo "Computation time: 0.1 sec"
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc2-'));
  bin = join(dir, 'MotionCor2');
  await writeFile(bin, SCRIPT);
  await chmod(bin, 0o755);
  const sim = await simulateMovie({ width: 64, frames: 4, seed: 2 });
  await writeSynthMovie(dir, sim, { format: 'mrc', name: 'movie' });
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('MotionCor2 wrapper', () => {
  it('runs the binary, reads its logs and sums, and produces the same result shape', async () => {
    const argsFile = join(dir, 'args.txt');
    process.env.ARGS_FILE = argsFile;
    process.env.STDOUT_FILE = new URL('./fixtures/motioncor3-stdout.txt', import.meta.url).pathname;
    const motionCor2 = motionCor2FromEnv({ MOTIONCOR2_BIN: bin, MOTIONCOR2_GPU: '1' }, [3, 3]);
    expect(motionCor2).toEqual({ bin, gpu: 1, timeoutMs: 1_800_000, patches: [3, 3] });
    const out = await motionCorrect(join(dir, 'movie.mrc'), { pixelSizeA: 1, dosePerFrame: 1.2, motionCor2 });
    const r = MotioncorResults.parse(out.results);
    expect(out.software).toEqual({ implementation: 'MotionCor2', version: 'MotionCor3 1.2.1' });
    // What the fixture's stdout says (3 global iterations, last error 0.213 < -Tol 0.50, -Bft 500, 37 hot pixels).
    expect(r.alignment).toMatchObject({ iterations: 3, converged: true, bfactor: 500 });
    expect(r.hotPixels).toBe(37);
    expect(r.motionCor2).toEqual({ version: 'MotionCor3 1.2.1', logLayout: 'motioncor3', maxIterations: 7, tolerance: 0.5, finalError: 0.213 });
    expect(r.shifts).toEqual([[0.5, -0.25], [1.5, -1.25], [2.5, -2.25], [3.5, -3.25]]);
    expect(r.patchTracks).toEqual([{ x: 16, y: 16, shifts: [[0, 0], [1, 0], [2, 0], [3, 0]] }]);
    expect(out.dw.data[0]).toBe(2);
    expect(out.noDw.data[0]).toBe(1);
    expect((await motioncorFiles(out)).map((f) => f.suffix)).toEqual(['.mrc', '_noDW.mrc', '.png', '_drift.png']);
    expect((await readFile(argsFile, 'utf8')).split(' ')[0]).toBe(join(dir, 'movie.mrc'));
  });

  it('records null, not invented numbers, when the binary prints nothing about its run', async () => {
    process.env.STDOUT_FILE = '';
    const out = await motionCorrect(join(dir, 'movie.mrc'), { pixelSizeA: 1, dosePerFrame: 1.2, motionCor2: { bin } });
    const r = MotioncorResults.parse(out.results);
    expect(r.alignment).toMatchObject({ iterations: null, converged: null, bfactor: null });
    expect(r.hotPixels).toBeNull();
    expect(out.software.version).toBe('unknown (not printed)');
  });

  it('fails, naming the file, when the dose-weighted sum is missing instead of copying the plain sum', async () => {
    process.env.NO_DW = '1';
    try {
      await expect(motionCorrect(join(dir, 'movie.mrc'), { pixelSizeA: 1, dosePerFrame: 1.2, motionCor2: { bin } })).rejects.toThrow(/no dose-weighted sum "out_DW\.mrc"/);
    } finally {
      delete process.env.NO_DW;
    }
  });

  it('turns a failing binary into ToolFailedError with its output', async () => {
    const bad = join(dir, 'bad.sh');
    await writeFile(bad, '#!/bin/bash\necho "GPU not found" >&2\nexit 3\n');
    await chmod(bad, 0o755);
    await expect(motionCorrect(join(dir, 'movie.mrc'), { pixelSizeA: 1, dosePerFrame: 1.2, motionCor2: { bin: bad } })).rejects.toThrow(/exit code 3; output: GPU not found/);
  });

  it('is off when MOTIONCOR2_BIN is not set', () => {
    expect(motionCor2FromEnv({})).toBeUndefined();
  });
});
