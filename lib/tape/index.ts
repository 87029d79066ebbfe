// Tape (HSM) policies: schema, GPFS ILM rendering, commands, apply-or-pending status.
export { TapePolicy, DataClass, ExternalPool, parseTapePolicy } from './policy.js';
export { renderIlmPolicy } from './renderIlm.js';
export { buildTapeCommands, dataClassOf, inDataClass } from './tapeCommands.js';
export type { TapeCommand, TapeCommandsOptions, TapeTool } from './tapeCommands.js';
export { applyTapePolicy, applyPendingTape, runTapeCommands, TAPE_POLICY_NAME } from './applyTapePolicy.js';
export type { ApplyTapeOptions, TapeOutcome } from './applyTapePolicy.js';
export { TapeStatus, TapeCommandState, readTapeStatus, mergeTapeStatus, TAPE_STATUS_NAME } from './tapeStatus.js';
export { findExecutable } from './findExecutable.js';
export { runCommand } from './runCommand.js';
export type { CommandResult, RunCommandOptions } from './runCommand.js';
