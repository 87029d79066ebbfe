// `cryoem-daq tape render|apply|status`: turn a tape policy file into a GPFS ILM policy, apply it, show pending commands.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadArchiveConfig } from '../../lib/archive/index.js';
import { describeError } from '../../lib/errors.js';
import { applyPendingTape, applyTapePolicy, parseTapePolicy, readTapeStatus, renderIlmPolicy } from '../../lib/tape/index.js';
import type { TapeCommandState } from '../../lib/tape/index.js';

async function loadPolicy(file: string): Promise<ReturnType<typeof parseTapePolicy>> {
  return parseTapePolicy(await readFile(file, 'utf8'), file);
}

function show(states: TapeCommandState[]): void {
  for (const s of states) process.stdout.write(`${s.status.padEnd(8)} ${s.argv.join(' ')}${s.exitCode !== null && s.exitCode !== 0 ? ` (exit ${s.exitCode})` : ''}\n`);
  if (states.some((s) => s.status !== 'applied')) process.exitCode = 1;
}

function guarded<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`cryoem-daq tape: ${describeError(err)}\n`);
      process.exitCode = 1;
    }
  };
}

export function register(program: Command): void {
  const tape = program.command('tape').description('tape (HSM) policies for archived sessions');
  tape.command('render')
    .description('print the GPFS ILM policy a tape policy file gives for a session folder')
    .argument('<policy-file>', 'YAML tape policy').argument('<session-dir>', 'absolute session folder in the archive')
    .action(guarded(async (file: string, dir: string) => {
      process.stdout.write(renderIlmPolicy(await loadPolicy(file), path.resolve(dir)));
    }));
  tape.command('apply')
    .description('run mmapplypolicy (and pending dsmmigrate) for a session; with --policy, write the policy first')
    .argument('<session-dir>', 'session folder in the archive')
    .option('--policy <file>', 'tape policy file (default: TAPE_POLICY_FILE); without it, re-run the pending commands')
    .action(guarded(async (dir: string, flags: { policy?: string }) => {
      const sessionDir = path.resolve(dir);
      const file = flags.policy ?? process.env.TAPE_POLICY_FILE;
      if (!file) return show(await applyPendingTape(sessionDir));
      const cfg = process.env.GPFS_ROOT ? loadArchiveConfig(process.env) : null;
      const out = await applyTapePolicy(await loadPolicy(file), { sessionDir, newFiles: [] }, {
        mmapplypolicy: cfg?.tapeApplyCommand ?? process.env.TAPE_APPLY_COMMAND, dsmmigrate: cfg?.tapePremigrateCommand ?? process.env.TAPE_PREMIGRATE_COMMAND,
      });
      process.stdout.write(`policy: ${out.policyFile}\n`);
      show(out.commands);
    }));
  tape.command('status')
    .description('show the tape commands still pending for a session (tool missing or failed)')
    .argument('<session-dir>', 'session folder in the archive')
    .action(guarded(async (dir: string) => {
      const status = await readTapeStatus(path.resolve(dir));
      process.stdout.write(`policy: ${status.policyFile ?? '(none written)'}\n`);
      if (status.pending.length === 0) process.stdout.write('nothing pending\n');
      for (const p of status.pending) process.stdout.write(`${p.status.padEnd(8)} ${p.argv.join(' ')}  (${p.time}: ${p.output.trim().split('\n').pop() ?? ''})\n`);
    }));
}
