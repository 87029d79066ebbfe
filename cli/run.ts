// The `cryoem-daq` command line: every science step (motioncor, ctffind, pick, finalize) on local files through
// the same lib/ code as the functions, plus synth, mirror, tape and version. bin/cryoem-daq.mjs starts it, from
// the esbuild bundle in dist/cli when it is fresh (`npm run build:cli`), else from these sources through tsx.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
