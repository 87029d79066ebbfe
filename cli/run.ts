// Process entry of the CLI (bin/cryoem-daq.mjs loads it, bundled or through tsx): runs main on argv.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
