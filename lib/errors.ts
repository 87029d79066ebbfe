// The project's one error hierarchy; the HTTP layer maps each class to a status in one place.

/** Bad input from the caller (a corrupt movie, a malformed body). Never retried. HTTP 400. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  readonly status = 400;
}

/** An external tool or upstream service failed; worth retrying. HTTP 502. */
export class ToolFailedError extends Error {
  override name = 'ToolFailedError';
  readonly status = 502;
}

/** A named thing (function, object, file) does not exist. HTTP 404. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  readonly status = 404;
}

/** Missing or wrong credentials. HTTP 401. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
  readonly status = 401;
}

/** Authenticated, but not allowed this (the message says why, in words a person reads). HTTP 403. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  readonly status = 403;
}

/** The request would replace something that exists (or changed since it was read). HTTP 409. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  readonly status = 409;
}

/** A conditional write (If-Match / If-None-Match) whose condition no longer holds: someone else wrote first. HTTP 412. */
export class PreconditionFailedError extends Error {
  override name = 'PreconditionFailedError';
  readonly status = 412;
}

/** A request body over a configured size limit (the message names the limit). HTTP 413. */
export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  readonly status = 413;
}

/** A body of a kind the endpoint does not take (the message names what it takes). HTTP 415. */
export class UnsupportedMediaTypeError extends Error {
  override name = 'UnsupportedMediaTypeError';
  readonly status = 415;
}

/** Work stopped at its deadline (the function host's exec_timeout); worth retrying. HTTP 504. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  readonly status = 504;
}

/** HTTP status for any thrown value: the class's status, else 500. */
export function httpStatusOf(err: unknown): number {
  if (err instanceof InvalidInputError || err instanceof ToolFailedError || err instanceof NotFoundError || err instanceof UnauthorizedError || err instanceof ForbiddenError
    || err instanceof ConflictError || err instanceof PreconditionFailedError || err instanceof PayloadTooLargeError || err instanceof UnsupportedMediaTypeError || err instanceof TimeoutError) {
    return err.status;
  }
  return 500;
}

/**
 * Message of any thrown value, with its chain of causes joined by ": ". A cause whose message an
 * outer message already quotes (`new X(\`file "a": ${inner.message}\`, { cause: inner })`, the
 * house style) is said once, not twice.
 */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 8; depth++) {
    if (cur instanceof Error) {
      const message = cur.message;
      if (!parts.some((p) => p.includes(message))) parts.push(message);
      cur = cur.cause;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  return parts.join(': ');
}
