// The in-memory shape of a RELION STAR file: a list of data blocks, each a loop table or key-value pairs.

/** A `loop_` block: column labels without the leading underscore ("rlnMicrographName"), one string per cell. */
export interface StarTable {
  /** Block name without the `data_` prefix ("optics", "micrographs", "" for a bare `data_`). */
  name: string;
  columns: string[];
  rows: string[][];
}

/** A non-loop block of `_label value` lines. */
export interface StarPairs {
  name: string;
  pairs: [string, string][];
}

export type StarBlock = ({ kind: 'loop' } & StarTable) | ({ kind: 'pairs' } & StarPairs);
