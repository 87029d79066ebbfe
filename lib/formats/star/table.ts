// Build STAR blocks from JS values, with numbers written the way RELION writes them.
import type { StarBlock } from './types.js';

/**
 * A number as RELION's MetaDataTable writes it: integers as integers; other values with six
 * decimals (`%f`), switching to `%e` style for 0 < |v| < 0.001 or |v| > 100000 (metadata_container).
 */
export function formatStarNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value)) return String(value);
  const a = Math.abs(value);
  if (a < 0.001 || a > 100000) {
    // JS writes "1.5e-4"; C writes "1.500000e-04".
    return value.toExponential(6).replace(/e([-+])(\d)$/, 'e$10$2');
  }
  return value.toFixed(6);
}

function columnName(c: string): string {
  return c.startsWith('_') ? c.slice(1) : c;
}

/** A loop block named `name` (without "data_"); numbers formatted by formatStarNumber. */
export function starTable(name: string, columns: string[], rows: (string | number)[][]): StarBlock {
  return {
    kind: 'loop',
    name,
    columns: columns.map(columnName),
    rows: rows.map((r) => r.map((v) => (typeof v === 'number' ? formatStarNumber(v) : v))),
  };
}

/** A key-value block named `name`; numbers formatted by formatStarNumber. */
export function starPairs(name: string, pairs: [string, string | number][]): StarBlock {
  return { kind: 'pairs', name, pairs: pairs.map(([k, v]) => [columnName(k), typeof v === 'number' ? formatStarNumber(v) : v]) };
}
