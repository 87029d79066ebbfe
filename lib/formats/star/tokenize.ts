// Split one STAR line into values: whitespace-separated, "…" or '…' quoting, `#` starting a comment.

/**
 * Tokens of `line`. A quote opens a string only at the start of a token and closes at the same quote
 * followed by whitespace or the end of the line (STAR 1.0 rule), so `it's` stays one token.
 * Returns undefined for the token list when a quoted string is never closed.
 */
export function tokenizeStarLine(line: string): string[] | undefined {
  const tokens: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\r' || c === '\n';
  while (i < n) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) break;
    const c = line[i];
    if (c === '#') break; // comment to end of line
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && !(line[j] === c && isSpace(line[j + 1]))) j++;
      if (j >= n) return undefined;
      tokens.push(line.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !isSpace(line[j])) j++;
      tokens.push(line.slice(i, j));
      i = j;
    }
  }
  return tokens;
}
