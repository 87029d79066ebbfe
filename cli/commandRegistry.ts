// Every `cryoem-daq` subcommand, loaded only when invoked (start-up is most of a small job's time). Static
// imports so the bundled CLI (scripts/buildCli.mjs) splits each command into its own chunk.
import type { Command } from 'commander';

/** A subcommand module: adds itself to the program. Its action sets process.exitCode on failure. */
export interface CommandModule {
  register(program: Command): void;
}

export const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  access: () => import('./commands/access.js'),
  ctffind: () => import('./commands/ctffind.js'),
  finalize: () => import('./commands/finalize.js'),
  mirror: () => import('./commands/mirror.js'),
  motioncor: () => import('./commands/motioncor.js'),
  ops: () => import('./commands/ops.js'),
  pick: () => import('./commands/pick.js'),
  store: () => import('./commands/store.js'),
  synth: () => import('./commands/synth.js'),
  tape: () => import('./commands/tape.js'),
  trace: () => import('./commands/trace.js'),
  version: () => import('./commands/version.js'),
};
