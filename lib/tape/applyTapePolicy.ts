// Writes a session's ILM policy beside it and runs the HSM commands, or records them as pending when the tools are absent.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../archive/atomicFile.js';
import { withFileLock } from '../archive/fileLock.js';
import type { FileLockOptions } from '../archive/fileLock.js';
import { findExecutable } from './findExecutable.js';
import type { TapePolicy } from './policy.js';
import { renderIlmPolicy } from './renderIlm.js';
import { runCommand } from './runCommand.js';
import type { RunCommandOptions } from './runCommand.js';
import { buildTapeCommands } from './tapeCommands.js';
import type { TapeCommand, TapeCommandsOptions } from './tapeCommands.js';
import { mergeTapeStatus, readTapeStatus, writeTapeStatus } from './tapeStatus.js';
import type { TapeCommandState } from './tapeStatus.js';

export const TAPE_POLICY_NAME = 'tape-policy.pol';

export interface ApplyTapeOptions extends TapeCommandsOptions {
  /** PATH searched for the tools. @default process.env.PATH */
  pathVar?: string;
  /** @default {} */
  run?: RunCommandOptions;
  /** @default {} */
  lock?: FileLockOptions;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface TapeOutcome {
  policyFile: string;
  commands: TapeCommandState[];
}

/** Runs each command whose executable exists; a missing one is 'pending', a non-zero exit 'failed'. */
export async function runTapeCommands(commands: TapeCommand[], options: ApplyTapeOptions = {}): Promise<TapeCommandState[]> {
  const now = options.now ?? (() => new Date());
  const states: TapeCommandState[] = [];
  for (const c of commands) {
    const exe = await findExecutable(c.argv[0], options.pathVar ?? process.env.PATH ?? '');
    if (exe === null) {
      states.push({ ...c, status: 'pending', exitCode: null, output: `${c.argv[0]}: not found on PATH`, time: now().toISOString() });
      continue;
    }
    const res = await runCommand([exe, ...c.argv.slice(1)], options.run);
    states.push({ ...c, status: res.exitCode === 0 ? 'applied' : 'failed', exitCode: res.exitCode, output: res.output, time: now().toISOString() });
  }
  return states;
}

async function writeIfChanged(file: string, text: string): Promise<void> {
  const old = await readFile(file, 'utf8').catch(() => null);
  if (old !== text) await writeFileAtomic(file, text);
}

/** Records results in tape-status.json under the session's tape lock. */
async function record(sessionDir: string, policyFile: string | null, states: TapeCommandState[], options: ApplyTapeOptions): Promise<void> {
  await withFileLock(path.join(sessionDir, '.tape.lock'), async () => {
    await writeTapeStatus(sessionDir, mergeTapeStatus(await readTapeStatus(sessionDir), policyFile, states));
  }, options.lock);
}

/**
 * Renders `policy` for `sessionDir` into `<sessionDir>/tape-policy.pol` (rewritten only when it
 * changes), then runs mmapplypolicy on the folder and dsmmigrate -premigrate on `newFiles`
 * (paths below the session folder) when those tools exist; otherwise records them as pending.
 */
export async function applyTapePolicy(policy: TapePolicy, input: { sessionDir: string; newFiles: string[] }, options: ApplyTapeOptions = {}): Promise<TapeOutcome> {
  const policyFile = path.join(input.sessionDir, TAPE_POLICY_NAME);
  await writeIfChanged(policyFile, renderIlmPolicy(policy, input.sessionDir));
  const commands = buildTapeCommands(policy, { sessionDir: input.sessionDir, policyFile, newFiles: input.newFiles }, options);
  const states = await runTapeCommands(commands, options);
  await record(input.sessionDir, policyFile, states, options);
  return { policyFile, commands: states };
}

/** Runs the session's pending tape commands again (`cryoem-daq tape apply`); returns their new states. */
export async function applyPendingTape(sessionDir: string, options: ApplyTapeOptions = {}): Promise<TapeCommandState[]> {
  const status = await readTapeStatus(sessionDir);
  const states = await runTapeCommands(status.pending.map(({ tool, argv }) => ({ tool, argv })), options);
  await record(sessionDir, null, states, options);
  return states;
}
