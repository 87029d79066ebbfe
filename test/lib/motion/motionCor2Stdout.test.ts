import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseMotionCor2Stdout } from '../../../lib/motion/index.js';

// Stdout in the layout MC3 prints (CMcInput::mPrint "%-15s  %d", CIterativeAlign "Iteration %2d  Error: %9.3f").
const MC3 = new URL('./fixtures/motioncor3-stdout.txt', import.meta.url);

describe('parseMotionCor2Stdout', () => {
  it('reads version, echoed limits, the global iteration block and the hot-pixel count', async () => {
    const facts = parseMotionCor2Stdout(await readFile(MC3, 'utf8'));
    expect(facts).toEqual({
      version: 'MotionCor3 1.2.1', iterations: 3, finalError: 0.213, maxIterations: 7, tolerance: 0.5,
      converged: true, bfactor: 500, hotPixels: 37,
    });
  });

  it('says not converged when the last global error is above the tolerance', () => {
    const text = '-Iter            2\n-Tol             0.10\nIteration  1  Error:     3.000\nIteration  2  Error:     0.900\n';
    expect(parseMotionCor2Stdout(text)).toMatchObject({ iterations: 2, converged: false, maxIterations: 2 });
  });

  it('gives null for everything the binary did not print (e.g. only the shift table)', () => {
    const text = 'Full-frame alignment shift\n...... Frame (  1) shift:     0.000      0.000\n\nComputation time: 1.0 sec\n';
    expect(parseMotionCor2Stdout(text)).toEqual({
      version: null, iterations: null, finalError: null, maxIterations: null, tolerance: null, converged: null, bfactor: null, hotPixels: null,
    });
  });
});
