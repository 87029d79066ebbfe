// Stated particle diameters: a number, { min, max } or "70-110"; the session schema keeps a plain number working.
import { describe, expect, it } from 'vitest';
import { ParticleDiameter, diameterRange, parseDiameterText, searchDiameters } from '../../../lib/pick/index.js';
import { SessionParams } from '../../../lib/events/sessionParams.js';

describe('ParticleDiameter', () => {
  it('reads a number, an object range and a text range (hyphen or en dash) as the same kind of range', () => {
    expect(diameterRange(80)).toEqual({ minA: 80, maxA: 80 });
    expect(diameterRange({ min: 70, max: 110 })).toEqual({ minA: 70, maxA: 110 });
    expect(diameterRange('70-110')).toEqual({ minA: 70, maxA: 110 });
    expect(diameterRange(' 72.5 – 110 ')).toEqual({ minA: 72.5, maxA: 110 });
  });

  it('rejects a reversed, empty or non-positive range, naming what was wrong', () => {
    expect(() => diameterRange('110-70')).toThrow('pick: particle diameter: expected a diameter range such as "70-110" (Å, min ≤ max), got "110-70"');
    expect(() => diameterRange({ min: 90, max: 80 })).toThrow('pick: particle diameter: min must be ≤ max, got {"min":90,"max":80}');
    expect(ParticleDiameter.safeParse(0).success).toBe(false);
    expect(ParticleDiameter.safeParse('big').success).toBe(false);
  });

  it('parses command-line text, and says what it accepts', () => {
    expect(parseDiameterText('150', 'pick: --diameter')).toBe(150);
    expect(parseDiameterText('70-110', 'pick: --diameter')).toEqual({ min: 70, max: 110 });
    expect(() => parseDiameterText('-5', 'pick: --diameter')).toThrow('pick: --diameter must be a positive number or a range such as 70-110 (Å, min ≤ max), got "-5"');
  });

  it('session parameters: a plain number as before, the default 150, and both range forms', () => {
    expect(SessionParams.parse({}).particleDiameterA).toBe(150);
    expect(SessionParams.parse({ particleDiameterA: 90 }).particleDiameterA).toBe(90);
    expect(SessionParams.parse({ particleDiameterA: '70-110' }).particleDiameterA).toBe('70-110');
    expect(SessionParams.parse({ particleDiameterA: { min: 70, max: 110 } }).particleDiameterA).toEqual({ min: 70, max: 110 });
    expect(SessionParams.safeParse({ particleDiameterA: '110-70' }).success).toBe(false);
  });
});

describe('searchDiameters', () => {
  it('steps geometrically by at most 1.2× and includes both ends: 70..110 is 70·(11/7)^(i/3), i = 0..3', () => {
    const d = searchDiameters({ minA: 70, maxA: 110 });
    // ln(110/70)/ln 1.2 = 2.48 → 3 steps of (11/7)^(1/3) = 1.1627.
    expect(d).toHaveLength(4);
    [70, 81.39, 94.63, 110].forEach((v, i) => expect(d[i]).toBeCloseTo(v, 1));
    expect(searchDiameters({ minA: 80, maxA: 80 })).toEqual([80]);
  });
});
