// Task (worker or inline): renders one EER fraction from its raw frames onto shared memory (frameSet's first pass).
import { renderEerFraction } from '../formats/eer/index.js';
import type { EerFractionPlan } from '../formats/eer/index.js';
import { shared } from './framePacking.js';

export interface EerFractionInput {
  plan: EerFractionPlan;
  /**
   * A fraction's bytes the caller is done with (same size, shared memory) to render into: a fresh 16 MB buffer per
   * 4096² fraction cost more in page faults than rendering into a warm one. @default a new buffer
   */
  into?: Uint8Array;
}

/** This thread's float render buffer for fractions of over 255 raw frames, reused fraction after fraction. */
let scratch: Float32Array | undefined;

/**
 * The fraction's electron counts: 8-bit on shared memory when every count fits, which frameSet then packs two per
 * byte like a TIFF frame; else 32-bit. A pixel takes at most one electron per raw frame, so a fraction of at most
 * 255 raw frames (every practical grouping) is rendered straight into the bytes: no float buffer to clear, scan and
 * copy (those were ~40 % of the task's time at 4096² × 25 raw frames). Why 8-bit at all: the 32-bit fractions,
 * 64 MB each at 4096², lingered on shared memory until both threads collected them (EER 4096² ×1,000 raw frames
 * peaked at 3.77 GB against 1.66 GB for the same movie as TIFF).
 */
export default function eerFractionTask({ plan, into }: EerFractionInput): Uint8Array | Float32Array {
  const u = plan.upsampling;
  const width = plan.width * u;
  const height = plan.height * u;
  const n = width * height;
  if (plan.raw.length <= 255) {
    const reuse = into?.length === n && into.buffer instanceof SharedArrayBuffer;
    const counts = reuse ? into.fill(0) : shared(Uint8Array, n);
    renderEerFraction(plan, { width, height, data: counts });
    return counts;
  }
  if (scratch?.length !== n) scratch = new Float32Array(n);
  else scratch.fill(0);
  const data = scratch;
  renderEerFraction(plan, { width, height, data });
  let max = 0;
  for (let p = 0; p < n; p++) if (data[p] > max) max = data[p];
  const out = max <= 255 ? shared(Uint8Array, n) : shared(Float32Array, n);
  out.set(data);
  return out;
}
