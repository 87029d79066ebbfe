// The answers piped to CTFFIND, in the order each version asks (reference §3.3).
import { describe, it, expect } from 'vitest';
import { buildCtffindInput, ctffindParameters } from '../../../lib/ctf/index.js';

const files = { input: '/w/mic.mrc', output: '/w/mic_ctf.mrc' };
const base = ['/w/mic.mrc', '/w/mic_ctf.mrc', '1.06', '300', '2.7', '0.1', '512', '30', '5', '5000', '50000', '100', 'no', 'yes', 'yes', '3000'];

describe('buildCtffindInput', () => {
  const p = ctffindParameters({ pixelSizeA: 1.06, amplitudeContrast: 0.1 });
  it('4.1.14: no tilt question, then no expert options', () => {
    expect(buildCtffindInput(p, '4.1.14', files).split('\n')).toEqual([...base, 'no', 'no', '']);
  });
  it('4.1.15+: answers "Determine sample tilt?" no', () => {
    expect(buildCtffindInput(p, '4.1.15', files).split('\n')).toEqual([...base, 'no', 'no', 'no', '']);
  });
  it('5.x: tilt no, thickness no, expert no', () => {
    expect(buildCtffindInput(p, '5.0.2', files).split('\n')).toEqual([...base, 'no', 'no', 'no', 'no', '']);
  });
  it('a phase shift search sends yes + min, max, step and skips the tilt question', () => {
    const ps = ctffindParameters({ pixelSizeA: 1.06, amplitudeContrast: 0.1, findPhaseShift: true });
    expect(buildCtffindInput(ps, '4.1.15', files, { phaseRange: [0, 3.15, 0.2] }).split('\n')).toEqual([...base, 'yes', '0', '3.15', '0.2', 'no', '']);
    expect(buildCtffindInput(ps, '5.0.2', files, { phaseRange: [0, 3.15, 0.2] }).split('\n')).toEqual([...base, 'yes', '0', '3.15', '0.2', 'no', 'no', '']);
  });
  it('the astigmatism restraint of the parameters is the tolerated astigmatism answered', () => {
    const pr = ctffindParameters({ pixelSizeA: 1.06, amplitudeContrast: 0.1, astigmatismRestraintA: 500 });
    expect(buildCtffindInput(pr, '4.1.14', files).split('\n')).toEqual([...base.slice(0, -1), '500', 'no', 'no', '']);
  });
});
