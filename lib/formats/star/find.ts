// Look up blocks and columns by name (column order varies by writer, so callers read by label).
import { InvalidInputError } from '../../errors.js';
import type { StarBlock, StarPairs, StarTable } from './types.js';

/** The loop block `data_<blockName>`; throws InvalidInputError naming the file when absent or not a loop. */
export function getStarTable(blocks: StarBlock[], blockName: string, fileName: string): StarTable {
  const b = blocks.find((x) => x.name === blockName);
  if (!b) throw new InvalidInputError(`STAR file "${fileName}": no block data_${blockName} (has ${blocks.map((x) => `data_${x.name}`).join(', ') || 'none'})`);
  if (b.kind !== 'loop') throw new InvalidInputError(`STAR file "${fileName}": block data_${blockName} is not a loop_ table`);
  return b;
}

/** The key-value block `data_<blockName>`; throws InvalidInputError naming the file when absent or a loop. */
export function getStarPairs(blocks: StarBlock[], blockName: string, fileName: string): StarPairs {
  const b = blocks.find((x) => x.name === blockName);
  if (!b || b.kind !== 'pairs') throw new InvalidInputError(`STAR file "${fileName}": no key-value block data_${blockName}`);
  return b;
}

/** All values of column `column` ("rlnDefocusU"); throws InvalidInputError naming file, block and column when absent. */
export function starColumn(table: StarTable, column: string, fileName: string): string[] {
  const i = table.columns.indexOf(column);
  if (i < 0) throw new InvalidInputError(`STAR file "${fileName}" block data_${table.name}: no column _${column}`);
  return table.rows.map((r) => r[i]);
}

/** Rows as objects keyed by column label. */
export function starRecords(table: StarTable): Record<string, string>[] {
  return table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
}
