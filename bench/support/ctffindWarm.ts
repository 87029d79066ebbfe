// Child of bench/ctffind.ts: ours warm in one long-lived process, as the ctffind function runs after its first micrograph
// (bytes read, parsed, fitted and rendered into the output files, not written), on this one thread.
// node --import tsx bench/support/ctffindWarm.ts <mic.mrc> <minDefocusA> <maxDefocusA> <astigRestraintA>: prints the
// median of the 2nd–4th of four runs (s). The parent starts it with the function image's environment (withHugePages).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ctffindMicrograph, ctffindParameters, readMicrograph } from '../../lib/ctf/index.js';
import { ctffindFiles } from '../../lib/steps/ctffindFiles.js';
import { initFft } from '../../lib/fft/index.js';

const [file, minDf, maxDf, restraint] = process.argv.slice(2);
await initFft();
const times: number[] = [];
for (let k = 0; k < 4; k++) {
  const t0 = performance.now();
  // The function gets the object as one Buffer, viewed (not copied) as the CLI does.
  const buf = await readFile(file);
  const { image, pixelSizeA } = readMicrograph(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), path.basename(file));
  const params = ctffindParameters({ pixelSizeA, minDefocusA: Number(minDf), maxDefocusA: Number(maxDf), astigmatismRestraintA: Number(restraint) });
  await ctffindFiles(await ctffindMicrograph(image, params, { inputName: path.basename(file) }));
  times.push((performance.now() - t0) / 1000);
}
process.stdout.write(`${times.slice(1).sort((a, b) => a - b)[1]}\n`);
