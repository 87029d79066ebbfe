// Per-thread PFFFT WASM instance: one-time init, cached setups per size, one reusable scratch arena.
import PFFFT from '@echogarden/pffft-wasm/simd';
import type { PffftModule } from '@echogarden/pffft-wasm/simd';

export const PFFFT_REAL = 0;
export const PFFFT_COMPLEX = 1;
export const PFFFT_FORWARD = 0;
export const PFFFT_BACKWARD = 1;

let mod: PffftModule | undefined;
let loading: Promise<PffftModule> | undefined;
const setups = new Map<string, number>();
/** Named scratch buffers in WASM memory, grown (free + malloc) when a bigger size is needed, never shrunk. */
const arena = new Map<string, { ptr: number; floats: number }>();

/**
 * Loads the WASM module for this thread (each worker thread has its own). Idempotent; every
 * synchronous FFT function needs it to have resolved once in the calling thread.
 */
export async function initFft(): Promise<void> {
  if (mod) return;
  loading ??= PFFFT();
  mod = await loading;
}

/** The loaded module, or a clear error when initFft() was not awaited in this thread. */
export function pffft(): PffftModule {
  if (!mod) throw new Error('FFT not initialised in this thread: await initFft() (from lib/fft) before using it');
  return mod;
}

/** A cached PFFFT setup for length n (n already validated by assertFftSize). */
export function setupFor(n: number, transform: typeof PFFFT_REAL | typeof PFFFT_COMPLEX): number {
  const key = `${transform}:${n}`;
  let s = setups.get(key);
  if (s === undefined) {
    s = pffft()._pffft_new_setup(n, transform);
    if (!s) throw new Error(`PFFFT refused size ${n}`);
    setups.set(key, s);
  }
  return s;
}

/**
 * Byte pointer of scratch buffer `name` holding at least `floats` floats (16-byte aligned).
 * Growing may grow WASM memory: always re-read pffft().HEAPF32 after calling this.
 */
export function scratch(name: string, floats: number): number {
  const cur = arena.get(name);
  if (cur && cur.floats >= floats) return cur.ptr;
  const m = pffft();
  if (cur) m._pffft_aligned_free(cur.ptr);
  const ptr = m._pffft_aligned_malloc(floats * 4);
  if (!ptr) throw new Error(`FFT: out of WASM memory allocating ${floats * 4} bytes`);
  arena.set(name, { ptr, floats });
  return ptr;
}

/** Frees every scratch buffer and setup of this thread (e.g. before a worker exits); initFft() state is kept. */
export function releaseFftMemory(): void {
  if (!mod) return;
  for (const { ptr } of arena.values()) mod._pffft_aligned_free(ptr);
  for (const s of setups.values()) mod._pffft_destroy_setup(s);
  arena.clear();
  setups.clear();
}
