// Write STAR text laid out as RELION 3.1 writes it (MetaDataTable::write): version line, data_, loop_, "_label #n", padded values.
import { InvalidInputError } from '../../errors.js';
import type { StarBlock } from './types.js';

export interface FormatStarOptions {
  /** Number on the `# version` line before each block (RELION 3.1–4 write 30001). @default 30001 */
  version?: number;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(nan|inf)$/i;

/**
 * One value as it must appear in the file: quoted with "…" (or '…' if it contains ") when it is empty,
 * holds whitespace, or would otherwise read as a comment, label, quote or block keyword.
 */
export function quoteStarValue(value: string): string {
  const needs = value === '' || /\s/.test(value) || /^[#_"';]/.test(value) || /^(data_|loop_)/i.test(value);
  if (!needs) return value;
  if (/[\r\n]/.test(value)) throw new InvalidInputError(`STAR value ${JSON.stringify(value)} contains a line break`);
  if (!/"\s/.test(value) && !value.endsWith('"')) return `"${value}"`;
  if (!/'\s/.test(value) && !value.endsWith("'")) return `'${value}'`;
  throw new InvalidInputError(`STAR value ${JSON.stringify(value)} cannot be quoted`);
}

/** A value padded as RELION pads it: numbers to 12 characters, strings to 10, followed by one space. */
function cell(value: string): string {
  const q = quoteStarValue(value);
  return q.padStart(NUMBER.test(value) ? 12 : 10) + ' ';
}

function formatBlock(block: StarBlock, version: number): string {
  let out = `\n# version ${version}\n\ndata_${block.name}\n\n`;
  if (block.kind === 'pairs') {
    for (const [label, value] of block.pairs) out += `_${label}`.padEnd(40) + ' ' + cell(value) + '\n';
    return out + ' \n';
  }
  out += 'loop_ \n';
  block.columns.forEach((c, i) => (out += `_${c} #${i + 1} \n`));
  for (const row of block.rows) {
    if (row.length !== block.columns.length) {
      throw new InvalidInputError(`STAR block data_${block.name}: row has ${row.length} values for ${block.columns.length} columns`);
    }
    out += row.map(cell).join('') + '\n';
  }
  return out + ' \n';
}

/** STAR text for `blocks`, each preceded by `# version <version>` as RELION 3.1 writes. */
export function formatStar(blocks: StarBlock[], options: FormatStarOptions = {}): string {
  const version = options.version ?? 30001;
  return blocks.map((b) => formatBlock(b, version)).join('');
}
