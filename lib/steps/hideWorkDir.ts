// Keeps a run's temporary folder out of the messages users read: error records name the object key instead.
import { basename } from 'node:path';

/**
 * Rewrites, in place, the message of `err` and of each Error in its cause chain: the downloaded
 * input `<workDir>/<basename(key)>` becomes `key`, any other `<workDir>/x` becomes `x`. In place so
 * the error keeps its class (InvalidInputError stays non-retryable) and its stack.
 */
export function hideWorkDir(err: unknown, workDir: string, key: string): unknown {
  const dir = workDir.replace(/\/+$/, '');
  let cur: unknown = err;
  for (let depth = 0; cur instanceof Error && depth < 8; depth++) {
    cur.message = cur.message.replaceAll(`${dir}/${basename(key)}`, key).replaceAll(`${dir}/`, '').replaceAll(dir, 'the work folder');
    cur = cur.cause;
  }
  return err;
}
