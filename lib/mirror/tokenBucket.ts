// Bandwidth limit: a token bucket shared by all uploads, applied to the bytes read for upload.
import { Transform } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

export interface TokenBucket {
  /** Waits until `bytes` may pass. */
  take(bytes: number): Promise<void>;
}

export interface TokenBucketOptions {
  /** Largest burst, in bytes. @default one second of traffic */
  burstBytes?: number;
  /** Milliseconds now. @default performance.now */
  clock?: () => number;
  /** Waits `ms` milliseconds (tests pass a virtual clock's). @default timers/promises setTimeout */
  sleep?: (ms: number) => Promise<unknown>;
}

/** A bucket refilled at `bytesPerSecond`; concurrent callers share the rate (first come, first served). */
export function createTokenBucket(bytesPerSecond: number, options: TokenBucketOptions = {}): TokenBucket {
  const burst = options.burstBytes ?? bytesPerSecond;
  const clock = options.clock ?? (() => performance.now());
  const sleep = options.sleep ?? delay;
  let tokens = burst;
  let last = clock();
  let queue: Promise<void> = Promise.resolve();
  const refill = (): void => {
    const now = clock();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * bytesPerSecond);
    last = now;
  };
  return {
    take(bytes) {
      const turn = queue.then(async () => {
        refill();
        tokens -= bytes; // may go negative for chunks larger than the burst: the debt is waited out
        if (tokens < 0) {
          await sleep((-tokens / bytesPerSecond) * 1000);
          refill();
        }
      });
      queue = turn;
      return turn;
    },
  };
}

/** A pass-through stream that lets bytes through at the bucket's rate. */
export function throttle(bucket: TokenBucket): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      bucket.take(chunk.length).then(() => done(null, chunk), done);
    },
  });
}
