// Per-session processing settings: accepted when sensible, refused with a message naming the field otherwise.
import { describe, expect, it } from 'vitest';
import { settingsMessages } from '../../../lib/events/processingSettings.js';
import { SessionParams } from '../../../lib/events/sessionParams.js';
import { InvalidInputError } from '../../../lib/errors.js';
import { loadSessionParams } from '../../../lib/steps/sessionParams.js';
import { startStoreFixture } from '../mirror/storeFixture.js';

describe('processing settings in SessionParams', () => {
  it('keeps pick threshold, CTF search and B-factor; absent stays absent (the step default applies)', () => {
    const p = SessionParams.parse({ pickThreshold: 0.3, ctfSearch: { minResA: 30, maxResA: 5, minDefocusA: 5000, maxDefocusA: 40000 }, motionBfactor: 500, patches: [7, 5] });
    expect(p).toMatchObject({ pickThreshold: 0.3, ctfSearch: { minResA: 30, maxResA: 5 }, motionBfactor: 500, patches: [7, 5] });
    expect(SessionParams.parse({}).ctfSearch).toBeUndefined();
  });

  it('a reversed resolution range, a threshold above 1 and a negative B-factor each get their own message', () => {
    const r = SessionParams.safeParse({ pickThreshold: 1.5, ctfSearch: { minResA: 5, maxResA: 30 }, motionBfactor: -1 });
    expect(r.success).toBe(false);
    const m = settingsMessages(r.error!);
    expect(m.pickThreshold).toBe('pick threshold must be ≤ 1');
    expect(m['ctfSearch.maxResA']).toMatch(/low-resolution limit \(minResA.*must be larger/);
    expect(m.motionBfactor).toBe('motion B-factor must be > 0 Å²');
  });

  it('a step refuses session.json with a bad range, naming the key and the field', async () => {
    const fx = await startStoreFixture();
    await fx.store.put('params/e/s/session.json', JSON.stringify({ ctfSearch: { minDefocusA: 30000, maxDefocusA: 10000 } }));
    const err = await loadSessionParams(fx.store, { experiment: 'e', session: 's', movie: 'm' }).catch((e: unknown) => e);
    await fx.stop();
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(/params\/e\/s\/session\.json.*ctfSearch\.maxDefocusA: CTF defocus range/);
  });
});
