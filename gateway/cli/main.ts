// The `cryoem-daq` command line: each file in ./commands registers one subcommand.
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { describeError } from '../../lib/errors.js';

/** A subcommand module: adds itself to the program. Its action sets process.exitCode on failure. */
export interface CommandModule {
  register(program: Command): void;
}

const COMMANDS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

/** Registers the named subcommand only when its module exists (start-up is most of a small job's time), else all of them (help, unknown names). */
async function loadCommands(program: Command, name: string | undefined): Promise<void> {
  const all = (await readdir(COMMANDS_DIR)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
  const own = all.filter((f) => f.replace(/\.(ts|js)$/, '') === name);
  for (const file of own.length === 1 ? own : all) {
    const mod = (await import(pathToFileURL(path.join(COMMANDS_DIR, file)).href)) as Partial<CommandModule>;
    if (typeof mod.register === 'function') mod.register(program);
  }
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
