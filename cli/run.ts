// The `cryoem-daq` command line: every science step (motioncor, ctffind, pick, finalize) on local files through
// the same lib/ code as the functions, plus synth, mirror, tape and version. bin/cryoem-daq.mjs starts it, from
// the esbuild bundle in dist/cli when it is fresh (`npm run build:cli`), else from these sources through tsx.
import { main } from './main.js';

// The AWS SDK prints an eight-line Node-version notice whenever a command makes an S3 client (the
// functions are started with the same switch, single-machine/startStack.ts); a user can still opt back in.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await main(process.argv.slice(2));
