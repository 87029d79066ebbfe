// Which HSM commands apply a session's tape policy: mmapplypolicy on the folder, dsmmigrate -premigrate on new files.
import path from 'node:path';
import type { DataClass, TapePolicy } from './policy.js';

export type TapeTool = 'mmapplypolicy' | 'dsmmigrate';

export interface TapeCommand {
  tool: TapeTool;
  argv: string[];
}

export interface TapeCommandsOptions {
  /** mmapplypolicy executable; 'none' skips it. @default 'mmapplypolicy' */
  mmapplypolicy?: string;
  /** dsmmigrate executable; 'none' skips it. @default 'dsmmigrate' */
  dsmmigrate?: string;
}

/** SQL LIKE ('%' any run, '_' one character) as a RegExp. */
function likeToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}

/** True when `relPath` (below the session folder) belongs to data class `c`. */
export function inDataClass(c: DataClass, relPath: string): boolean {
  if (!c.paths.some((p) => relPath.startsWith(p))) return false;
  return c.names.length === 0 || c.names.some((n) => likeToRegExp(n).test(path.posix.basename(relPath)));
}

/** The first class a file falls in (mmapplypolicy applies the first matching rule), or undefined. */
export function dataClassOf(policy: TapePolicy, relPath: string): DataClass | undefined {
  return policy.classes.find((c) => inDataClass(c, relPath));
}

/**
 * Commands for one finalize: `mmapplypolicy <sessionDir> -P <policyFile> -I yes` (runs the ILM
 * rules: age-based migration and premigration), and, when new files fall in a class that
 * premigrates at once, `dsmmigrate -premigrate -Detail <files…>` so they reach tape now rather
 * than at the next scheduled policy run.
 */
export function buildTapeCommands(
  policy: TapePolicy, input: { sessionDir: string; policyFile: string; newFiles: string[] }, options: TapeCommandsOptions = {},
): TapeCommand[] {
  const { mmapplypolicy = 'mmapplypolicy', dsmmigrate = 'dsmmigrate' } = options;
  const commands: TapeCommand[] = [];
  if (mmapplypolicy !== 'none') {
    commands.push({ tool: 'mmapplypolicy', argv: [mmapplypolicy, input.sessionDir, '-P', input.policyFile, '-I', 'yes'] });
  }
  const premigrate = input.newFiles.filter((rel) => dataClassOf(policy, rel)?.premigrate === true);
  if (dsmmigrate !== 'none' && premigrate.length > 0) {
    commands.push({ tool: 'dsmmigrate', argv: [dsmmigrate, '-premigrate', '-Detail', ...premigrate.map((rel) => path.join(input.sessionDir, rel))] });
  }
  return commands;
}
