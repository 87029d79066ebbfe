// How the operations page says why a call failed (no DOM: tested in node).

/**
 * The first line of a cause, with a step's JSON answer ('answered 400: {"outcomes":[{"error": …}]} (attempt 1 of 5)')
 * shortened to the step's own error message.
 */
export function readableCause(cause: string): string {
  const line = cause.split('\n')[0];
  const m = /^(.*? answered \d+): (\{.*\})( \(attempt \d+ of \d+\))?$/.exec(line);
  if (!m) return line;
  try {
    const body = JSON.parse(m[2]) as { error?: unknown; outcomes?: { error?: unknown }[] };
    const error = body.outcomes?.find((o) => typeof o.error === 'string')?.error ?? body.error;
    return typeof error === 'string' ? `${m[1]}: ${error}${m[3] ?? ''}` : line;
  } catch {
    return line;
  }
}
