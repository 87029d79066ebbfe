// Runs the handler for one call under the host's deadline; at the deadline it aborts the handler and answers 504.
import { TimeoutError } from '../errors.js';
import { createFunctionContext, type Reply } from './functionContext.js';
import type { FunctionEvent, Handler } from './types.js';

export interface Invocation {
  /** The reply to send: the handler's, its error's, or the deadline's 504 JSON TimeoutError. */
  reply: Promise<Reply>;
  /** True when the reply is the deadline's (or `abort`'s): the handler's work was abandoned. */
  abandoned(): boolean;
  /** Settles when the handler's own promise does, i.e. when its cleanup (temporary folders) is done. */
  finished: Promise<void>;
  /** Stops the handler now with `reason` and answers 504 if it has not answered yet. */
  abort(reason: TimeoutError): void;
}

export function jsonReply(status: number, body: unknown): Reply {
  return { status, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
}

/** Calls `handler(event, context)`; `deadlineMs` 0 means no deadline. */
export function invokeHandler(handler: Handler, event: FunctionEvent, deadlineMs: number): Invocation {
  const controller = new AbortController();
  const { context, reply, settled } = createFunctionContext(controller.signal);
  let abandoned = false;
  let timer: NodeJS.Timeout | undefined;
  const abort = (reason: TimeoutError) => {
    clearTimeout(timer);
    if (settled() || controller.signal.aborted) return;
    abandoned = true;
    // Answer first, then abort: the reply carries the reason even if a handler reacts to abort by failing.
    context.status(504).fail(reason);
    controller.abort(reason);
  };
  const finished = Promise.resolve()
    .then(() => handler(event, context))
    .then(
      (value) => (settled() ? undefined : context.succeed(value)),
      (err: unknown) => context.fail(err),
    )
    .catch((err: unknown) => context.fail(err)) // an unserialisable value
    .finally(() => clearTimeout(timer));
  if (deadlineMs > 0) {
    timer = setTimeout(() => abort(new TimeoutError(`handler did not answer within the host's deadline of ${deadlineMs / 1000} s; it was told to stop`)), deadlineMs);
  }
  return { reply, abandoned: () => abandoned, finished: finished.then(() => undefined), abort };
}
