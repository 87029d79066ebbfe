// The on-disk record of one async call (zod, versioned) and the dead-letter record written when it fails for good.
import { z } from 'zod';

export const QueuedCallSchema = z.object({
  schemaVersion: z.literal(1),
  callId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  function: z.string().min(1),
  /** Path and query below the function, e.g. "/" or "/sub?x=1". */
  path: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()),
  callbackUrl: z.url().optional(),
  enqueuedAt: z.iso.datetime(),
  /** Attempts started so far (a crash during an attempt counts). */
  attempts: z.number().int().min(0),
  /** Earliest time of the next attempt (epoch ms). */
  notBefore: z.number().min(0),
  lastError: z.string().optional(),
});
export type QueuedCall = z.infer<typeof QueuedCallSchema>;

export const DeadLetterSchema = z.object({
  schemaVersion: z.literal(1),
  callId: z.string(),
  function: z.string(),
  path: z.string(),
  enqueuedAt: z.iso.datetime(),
  failedAt: z.iso.datetime(),
  attempts: z.number().int(),
  /** Why the call failed for good, e.g. 'function "x" answered 503 on attempt 5 of 5: ...'. */
  cause: z.string(),
  /** The function's last HTTP status, or null when it could not be reached. */
  status: z.number().int().nullable(),
  /** The function's last response body (UTF-8, truncated to 64 KiB). */
  responseBody: z.string(),
  /** The request body: UTF-8 text, or base64 when not valid UTF-8. */
  requestBody: z.string(),
  requestBodyEncoding: z.enum(['utf8', 'base64']),
  headers: z.record(z.string(), z.string()),
  callbackUrl: z.string().optional(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
