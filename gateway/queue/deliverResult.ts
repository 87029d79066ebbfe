// The end of an async call: the callback POST (OpenFaaS queue-worker headers) and, on failure, the dead-letter record.
import type http from 'node:http';
import { describeError } from '../../lib/errors.js';
import { httpCall } from './httpCall.js';
import type { DeadLetter, QueuedCall } from './queuedCall.js';

/** What the last attempt produced; status null when the function could not be reached. */
export interface AttemptOutcome {
  status: number | null;
  contentType: string | undefined;
  body: Buffer;
  durationS: number;
  /** Why the call failed, undefined on a 2xx answer. */
  cause: string | undefined;
}

const CALLBACK_TRIES = 3;

/** POSTs the function's answer to the call's X-Callback-Url; returns an error message or undefined on success. */
export async function postCallback(call: QueuedCall, outcome: AttemptOutcome, maxAttempts: number, agent: http.Agent): Promise<string | undefined> {
  if (!call.callbackUrl) return undefined;
  const headers: Record<string, string> = {
    'X-Call-Id': call.callId,
    'X-Function-Name': call.function,
    'X-Function-Status': String(outcome.status ?? 502),
    'X-Duration-Seconds': outcome.durationS.toFixed(6),
    'X-Retry': String(call.attempts - 1),
    'X-Retry-Max': String(maxAttempts - 1),
    'User-Agent': 'cryoem-daq-queue/1',
  };
  if (outcome.contentType) headers['Content-Type'] = outcome.contentType;
  let last = '';
  for (let i = 1; i <= CALLBACK_TRIES; i++) {
    try {
      const res = await httpCall(call.callbackUrl, { headers, body: outcome.body, timeoutMs: 30_000, agent });
      if (res.status < 500) return res.status < 400 ? undefined : `callback to ${call.callbackUrl} answered ${res.status}`;
      last = `callback to ${call.callbackUrl} answered ${res.status}`;
    } catch (err) {
      last = `callback to ${call.callbackUrl} failed: ${describeError(err)}`;
    }
    await new Promise((r) => setTimeout(r, 250 * 2 ** (i - 1)));
  }
  return last;
}

function isUtf8(buf: Buffer): boolean {
  return Buffer.from(buf.toString('utf8'), 'utf8').equals(buf);
}

/** The dead-letter record of a call that failed for good. */
export function deadLetterOf(call: QueuedCall, outcome: AttemptOutcome, cause: string, requestBody: Buffer): DeadLetter {
  const text = isUtf8(requestBody);
  return {
    schemaVersion: 1,
    callId: call.callId,
    function: call.function,
    path: call.path,
    enqueuedAt: call.enqueuedAt,
    failedAt: new Date().toISOString(),
    attempts: call.attempts,
    cause,
    status: outcome.status,
    responseBody: outcome.body.subarray(0, 65_536).toString('utf8'),
    requestBody: requestBody.toString(text ? 'utf8' : 'base64'),
    requestBodyEncoding: text ? 'utf8' : 'base64',
    headers: call.headers,
    callbackUrl: call.callbackUrl,
  };
}
