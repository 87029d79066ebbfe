// One EER fraction as a plain, cloneable plan (file, strip byte ranges of its raw frames, codec), and its
// synchronous rendering: what a worker thread needs to decode fractions in parallel from its own file handle.
import { closeSync, openSync, readSync } from 'node:fs';
import { InvalidInputError } from '../../errors.js';
import { accumulateEerFrame } from './accumulate.js';
import type { EerCountImage } from './accumulate.js';
import type { EerCodec } from './codec.js';

export interface EerFractionPlan {
  path: string;
  /** Native frame size. */
  width: number;
  height: number;
  upsampling: 1 | 2 | 4;
  codec: EerCodec;
  /** First raw frame of the fraction (for error messages). */
  firstRaw: number;
  /** Per raw frame: its strips as [file offset, byte count]. */
  raw: [number, number][][];
}

/** Adds the fraction's raw frames onto `out` (width·u × height·u), reading the strips synchronously. */
export function renderEerFraction(plan: EerFractionPlan, out: EerCountImage): void {
  const fd = openSync(plan.path, 'r');
  try {
    let buf = new Uint8Array(0);
    plan.raw.forEach((strips, k) => {
      const total = strips.reduce((a, [, n]) => a + n, 0);
      if (buf.length < total) buf = new Uint8Array(total);
      let p = 0;
      for (const [offset, n] of strips) {
        if (readSync(fd, buf, p, n, offset) !== n) throw new InvalidInputError(`EER movie "${plan.path}" raw frame ${plan.firstRaw + k}: strip at ${offset} is truncated`);
        p += n;
      }
      try {
        accumulateEerFrame(buf.subarray(0, total), plan.width * plan.height, plan.codec, out, plan.width, plan.upsampling);
      } catch (err) {
        throw new InvalidInputError(`EER movie "${plan.path}" raw frame ${plan.firstRaw + k}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    });
  } finally {
    closeSync(fd);
  }
}
