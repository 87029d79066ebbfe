// A full garbage collection of this thread's heap, on demand, for pipelines that drop hundreds of MB at once.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Collects now. Big typed arrays and SharedArrayBuffers live outside the JS heap, so V8 sees little
 * pressure to collect them: a movie's alignment data (~0.7 GB at 4096²×40) stayed resident through the
 * sums until we asked. Each thread that held references must call it (a worker's heap is its own).
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose_gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
