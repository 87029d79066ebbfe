// RELION 3.1 STAR files: parse, format, build tables, look up blocks and columns.
export type { StarBlock, StarPairs, StarTable } from './types.js';
export { parseStar } from './parse.js';
export { formatStar, quoteStarValue } from './format.js';
export type { FormatStarOptions } from './format.js';
export { formatStarNumber, starPairs, starTable } from './table.js';
export { getStarPairs, getStarTable, starColumn, starRecords } from './find.js';
export { tokenizeStarLine } from './tokenize.js';
