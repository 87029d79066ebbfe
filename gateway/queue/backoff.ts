// Exponential backoff between async attempts: min·2^(attempt−1), capped at max (as OpenFaaS Pro's queue-worker).

/** Wait in ms before attempt `attempt + 1`, after `attempt` (≥ 1) failed attempts. */
export function backoffMs(attempt: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1));
}
