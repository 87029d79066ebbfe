// The `cryoem-daq` command line: the subcommands of ./commandRegistry.ts.
import { Command, CommanderError } from 'commander';
import { describeError } from '../lib/errors.js';
import { COMMANDS } from './commandRegistry.js';

export type { CommandModule } from './commandRegistry.js';

/** Registers the named subcommand only (start-up is most of a small job's time), else all of them (help, unknown names). */
async function loadCommands(program: Command, name: string | undefined): Promise<void> {
  const names = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS).sort();
  for (const n of names) (await COMMANDS[n]()).register(program);
}

/** Runs the CLI on `argv` (without node and script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('cryoem-daq')
    .description('cryo-EM data acquisition: run pipeline steps locally, mirror a share, simulate movies')
    .exitOverride()
    .showHelpAfterError();
  await loadCommands(program, argv[0]);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`cryoem-daq: ${describeError(err)}\n`);
    return 1;
  }
}
