// The one rule tying the function host's deadline to of-watchdog's: the host stops 5 s before the watchdog.
//
// Why: when both fire together the watchdog wins the race and the caller gets its empty 504, while the
// handler goes on and commits outputs the gateway's retry then duplicates. With the host's deadline
// HOST_DEADLINE_MARGIN_MS earlier, the caller gets the host's JSON TimeoutError and the handler's
// AbortSignal has already stopped every write (lib/steps/runStep.ts) before the watchdog gives up.
import { parseDuration } from '../config/units.js';

/** How long before the watchdog's exec_timeout the host's own deadline falls. */
export const HOST_DEADLINE_MARGIN_MS = 5_000;

/** of-watchdog's default exec_timeout (and the node template's), used when the variable is unset. */
export const DEFAULT_EXEC_TIMEOUT = '10s';

/** The timeout variables of one function's environment (stack.yml `environment` or the process env). */
export interface TimeoutEnv {
  exec_timeout?: string;
  write_timeout?: string;
  handler_timeout?: string;
}

/** The host's deadline in ms (0 = none): `handler_timeout` when set, else exec_timeout − HOST_DEADLINE_MARGIN_MS. */
export function hostDeadlineMs(env: TimeoutEnv): number {
  if (env.handler_timeout !== undefined) return parseDuration(env.handler_timeout, 'handler_timeout');
  const exec = parseDuration(env.exec_timeout ?? DEFAULT_EXEC_TIMEOUT, 'exec_timeout');
  return exec === 0 ? 0 : exec - HOST_DEADLINE_MARGIN_MS;
}

/**
 * What is wrong with a function's timeouts, one message per problem naming the variables (empty = fine).
 * Checked where stack.yml is loaded (lib/stack) and again when the host starts (the image's ENV may differ).
 */
export function timeoutProblems(env: TimeoutEnv): string[] {
  const problems: string[] = [];
  let exec: number;
  let host: number;
  try {
    exec = parseDuration(env.exec_timeout ?? DEFAULT_EXEC_TIMEOUT, 'exec_timeout');
    host = hostDeadlineMs(env);
  } catch (err) {
    return [(err as Error).message];
  }
  const margin = `${HOST_DEADLINE_MARGIN_MS / 1000} s`;
  if (exec > 0 && exec <= HOST_DEADLINE_MARGIN_MS) {
    problems.push(`exec_timeout ${env.exec_timeout ?? DEFAULT_EXEC_TIMEOUT}: must be longer than ${margin}, the host stops its handler ${margin} before the watchdog`);
  } else if (exec > 0 && (host === 0 || host > exec - HOST_DEADLINE_MARGIN_MS)) {
    problems.push(`handler_timeout ${env.handler_timeout}: must be at most exec_timeout ${env.exec_timeout ?? DEFAULT_EXEC_TIMEOUT} − ${margin}, so the caller gets the host's JSON error, not the watchdog's empty 504`);
  }
  if (env.write_timeout !== undefined && exec > 0) {
    try {
      const write = parseDuration(env.write_timeout, 'write_timeout');
      if (write > 0 && write < exec) problems.push(`write_timeout ${env.write_timeout}: shorter than exec_timeout ${env.exec_timeout ?? DEFAULT_EXEC_TIMEOUT}, the watchdog would cut off a slow reply`);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return problems;
}
