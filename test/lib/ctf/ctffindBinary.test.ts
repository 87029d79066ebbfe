// The CTFFIND wrapper end to end against a stand-in `ctffind` shell script that records its stdin and writes CTFFIND's files.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctffindAuto, ctffindParameters, detectCtffindVersion } from '../../../lib/ctf/index.js';
import type { Image2D } from '../../../lib/image.js';

// Reads the 19 answers of 4.1.15 (no phase shift), writes <out>.txt, <out>_avrot.txt and copies the input as the diagnostic image.
const SCRIPT = `#!/bin/sh
if [ "$1" = "--version" ]; then echo "ctffind 4.1.15"; exit 0; fi
i=0; while IFS= read -r line; do i=$((i+1)); eval "a$i=\\$line"; echo "$line" >> "$STANDIN_LOG"; done
base="\${a2%.*}"
cp "$a1" "$a2"
cat > "$base.txt" <<EOT
# Output from CTFFind version 4.1.15, run on 2021-03-04 12:34:56
# Input file: $a1 ; Number of micrographs: 1
# Pixel size: $a3 Angstroms ; acceleration voltage: $a4 keV ; spherical aberration: $a5 mm ; amplitude contrast: $a6
# Box size: $a7 pixels ; min. res.: $a8 Angstroms ; max. res.: $a9 Angstroms ; min. def.: $a10 um; max. def. $a11 um
# Columns: #1 - micrograph number; #2 - defocus 1 [Angstroms]; #3 - defocus 2; #4 - azimuth of astigmatism; #5 - additional phase shift [radians]; #6 - cross correlation; #7 - spacing (in Angstroms) up to which CTF rings were fit successfully
1.000000 13587.458008 13319.021484 -63.398720 0.000000 0.069620 3.937500
EOT
printf '# a\\n# b\\n# c\\n# d\\n# e\\n0 0.1\\n1 2\\n1 2\\n0 1\\n0.5 0.6\\n0.2 0.2\\n' > "\${base}_avrot.txt"
[ -n "$STANDIN_FAIL" ] && { echo "Error: bad answer" >&2; exit 3; }
exit 0
`;

let dir: string;
let bin: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ctffind-bin-'));
  bin = path.join(dir, 'ctffind');
  await writeFile(bin, SCRIPT);
  await chmod(bin, 0o755);
});
afterAll(async () => { delete process.env.STANDIN_LOG; delete process.env.STANDIN_FAIL; await rm(dir, { recursive: true, force: true }); });

const img: Image2D = { width: 64, height: 64, data: new Float32Array(64 * 64).map((_, i) => i % 7) };

describe('CTFFIND wrapper', () => {
  it('detects the version, pipes the 4.1.15 answers and returns the parsed results and files', async () => {
    expect(await detectCtffindVersion(bin)).toBe('4.1.15');
    process.env.STANDIN_LOG = path.join(dir, 'stdin.log');
    const work = await mkdtemp(path.join(dir, 'w-'));
    const run = await ctffindAuto(img, ctffindParameters({ pixelSizeA: 1.25 }), { inputName: 'm.mrc', ctffindBin: bin, workDir: work });
    const answers = (await readFile(process.env.STANDIN_LOG, 'utf8')).trimEnd().split('\n');
    expect(answers).toEqual([path.join(work, 'micrograph.mrc'), path.join(work, 'micrograph_ctf.mrc'), '1.25', '300', '2.7', '0.07', '512', '30', '5', '5000', '50000', '100', 'no', 'yes', 'yes', '3000', 'no', 'no', 'no']);
    expect(run.results).toEqual({ defocusU: 13587.458008, defocusV: 13319.021484, astigmatismAngle: -63.39872, phaseShift: 0, cc: 0.06962, fitResolutionA: 3.9375 });
    expect(run.software).toEqual({ implementation: 'CTFFIND', version: '4.1.15' });
    expect(run.files.map((f) => f.suffix)).toEqual(['.txt', '_avrot.txt']);
    expect(run.files[0].body).toContain('# Pixel size: 1.25 Angstroms');
    expect([run.diagnostic.width, run.diagnostic.height]).toEqual([64, 64]);
  });

  it('a failing binary becomes a ToolFailedError with its exit code and message', async () => {
    process.env.STANDIN_FAIL = '1';
    const work = await mkdtemp(path.join(dir, 'w-'));
    await expect(ctffindAuto(img, ctffindParameters({ pixelSizeA: 1 }), { inputName: 'm.mrc', ctffindBin: bin, ctffindVersion: '4.1.15', workDir: work }))
      .rejects.toThrow(`tool "${bin}": exit code 3; output: Error: bad answer`);
  });
});
