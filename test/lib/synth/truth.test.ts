// truth.json round-trips through its zod schema and bad files are rejected with a named field.
import { describe, it, expect } from 'vitest';
import { simulateMicrograph, parseSynthTruth, serializeSynthTruth } from '../../../lib/synth/index.js';

describe('SynthTruth', () => {
  it('round-trips a simulated truth', async () => {
    const { truth } = await simulateMicrograph({ width: 128, particleDiameterA: 30, seed: 4 });
    expect(truth.particles.centres.length).toBeGreaterThan(3);
    expect(parseSynthTruth(serializeSynthTruth(truth))).toEqual(truth);
  });

  it('names the bad field', async () => {
    const { truth } = await simulateMicrograph({ width: 64, particleDiameterA: 20 });
    const bad = JSON.parse(serializeSynthTruth(truth)) as Record<string, unknown>;
    bad.pixelSizeA = -1;
    expect(() => parseSynthTruth(JSON.stringify(bad))).toThrow('truth.json: pixelSizeA: Too small');
    expect(() => parseSynthTruth('{')).toThrow('truth.json: not JSON');
  });
});
