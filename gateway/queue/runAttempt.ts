// One attempt of an async call: wait for a ready replica, POST the stored request, time it.
import type http from 'node:http';
import { describeError } from '../../lib/errors.js';
import type { ManagedFunction } from '../functions/managedFunction.js';
import type { AttemptOutcome } from './deliverResult.js';
import { httpCall } from './httpCall.js';
import type { QueuedCall } from './queuedCall.js';

export interface RunAttemptOptions {
  replicaWaitMs: number;
  upstreamTimeoutMs: number;
  agent: http.Agent;
}

/** Calls the function once; never throws: an unreachable function is an outcome with status null. */
export async function runAttempt(fn: ManagedFunction, call: QueuedCall, body: Buffer, options: RunAttemptOptions): Promise<AttemptOutcome> {
  const start = performance.now();
  const durationS = () => (performance.now() - start) / 1000;
  try {
    const base = await fn.waitReady(options.replicaWaitMs);
    fn.invocationCount++;
    const res = await httpCall(base + call.path, {
      method: 'POST',
      headers: { ...call.headers, 'X-Call-Id': call.callId, 'X-Start-Time': String(Date.now() * 1e6) },
      body,
      timeoutMs: options.upstreamTimeoutMs,
      agent: options.agent,
    });
    const ok = res.status >= 200 && res.status < 300;
    return {
      status: res.status,
      contentType: res.headers['content-type'],
      body: res.body,
      durationS: durationS(),
      cause: ok ? undefined : `function "${fn.name}" answered ${res.status}: ${res.body.subarray(0, 500).toString('utf8')}`,
    };
  } catch (err) {
    return { status: null, contentType: undefined, body: Buffer.alloc(0), durationS: durationS(), cause: `function "${fn.name}" unreachable: ${describeError(err)}` };
  }
}
