// Gateway-only HTTP errors outside lib/errors.ts, and the one place that turns any thrown value into a status.
import { httpStatusOf } from '../../lib/errors.js';

/** A body over the configured limit. HTTP 413. */
export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  readonly status = 413;
}

/** No replica of the function is ready. HTTP 503. */
export class ServiceUnavailableError extends Error {
  override name = 'ServiceUnavailableError';
  readonly status = 503;
}

/** The function did not answer in time. HTTP 504. */
export class GatewayTimeoutError extends Error {
  override name = 'GatewayTimeoutError';
  readonly status = 504;
}

/** Status of any thrown value: lib/errors.ts classes first, then a numeric `status` (these classes, body-parser), else 500. */
export function statusOf(err: unknown): number {
  const known = httpStatusOf(err);
  if (known !== 500) return known;
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
