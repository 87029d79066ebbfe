#!/usr/bin/env node
// Command-line entry: registers the TypeScript loader, then runs the CLI on the same code path as the functions.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../gateway/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
