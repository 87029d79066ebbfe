// Parse STAR files as RELION 3.1 reads them: data_ blocks holding one loop_ table or _label value pairs.
import { InvalidInputError } from '../../errors.js';
import { tokenizeStarLine } from './tokenize.js';
import type { StarBlock } from './types.js';

type State = 'block' | 'labels' | 'rows' | 'ended';

interface Cursor {
  block: StarBlock;
  state: State;
}

/**
 * Blocks of a STAR file in file order. Comments (`# version 30001`) and blank lines are skipped;
 * a loop ends at a blank line or the next `data_`. Throws InvalidInputError naming `name` and the line.
 */
export function parseStar(text: string, name: string): StarBlock[] {
  const blocks: StarBlock[] = [];
  let cur: Cursor | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fail = (problem: string): never => {
      throw new InvalidInputError(`STAR file "${name}" line ${i + 1}: ${problem}`);
    };
    const tokens = tokenizeStarLine(lines[i]);
    if (tokens === undefined) fail('unterminated quoted string');
    const toks = tokens as string[];
    if (toks.length === 0) {
      if (cur?.state === 'rows') cur.state = 'ended';
      continue;
    }
    const first = toks[0];
    const isHeaderWord = !lines[i].trimStart().startsWith('"') && !lines[i].trimStart().startsWith("'");
    if (isHeaderWord && first.startsWith('data_') && toks.length === 1) {
      cur = { block: { kind: 'pairs', name: first.slice(5), pairs: [] }, state: 'block' };
      blocks.push(cur.block);
      continue;
    }
    if (!cur) fail(`expected a data_ block before "${first}"`);
    const c = cur as Cursor;
    if (isHeaderWord && first === 'loop_') {
      if (c.state !== 'block' || (c.block.kind === 'pairs' && c.block.pairs.length > 0)) fail(`loop_ in block data_${c.block.name}, which already has data`);
      c.block = { kind: 'loop', name: c.block.name, columns: [], rows: [] };
      blocks[blocks.length - 1] = c.block;
      c.state = 'labels';
      continue;
    }
    if (first.startsWith(';')) fail('multi-line ";" text fields are not supported by RELION');
    if (isHeaderWord && first.startsWith('_')) {
      readLabel(c, toks, fail);
      continue;
    }
    readRow(c, toks, fail);
  }
  return blocks;
}

function readLabel(c: Cursor, toks: string[], fail: (p: string) => never): void {
  const label = toks[0].slice(1);
  if (label === '') fail('empty label "_"');
  if (c.block.kind === 'loop') {
    if (c.state !== 'labels') fail(`label _${label} after the rows of loop data_${c.block.name}`);
    c.block.columns.push(label); // anything after the label is the "#n" column comment, already dropped
    return;
  }
  if (toks.length !== 2) fail(`expected "_${label} value", got ${toks.length - 1} values`);
  c.block.pairs.push([label, toks[1]]);
}

function readRow(c: Cursor, toks: string[], fail: (p: string) => never): void {
  const b = c.block;
  if (b.kind !== 'loop') fail(`value "${toks[0]}" outside a loop_ in block data_${b.name}`);
  const table = b as Extract<StarBlock, { kind: 'loop' }>;
  if (c.state === 'ended') fail(`row after the end (blank line) of loop data_${table.name}`);
  if (table.columns.length === 0) fail(`row before any column label in loop data_${table.name}`);
  if (toks.length !== table.columns.length) {
    fail(`expected ${table.columns.length} values (one per column of data_${table.name}), got ${toks.length}`);
  }
  table.rows.push(toks);
  c.state = 'rows';
}
