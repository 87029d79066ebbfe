// The rights table, row by row, and the booked-window edges (one second before, inside, one second after, grace).
import { describe, expect, it } from 'vitest';
import { decide, type AccessAction } from '../../../lib/access/decide.js';
import type { Experiment, Principal, Role } from '../../../lib/access/model.js';

const WINDOW = { microscope: 'krios', from: '2026-03-04T08:00:00.000Z', to: '2026-03-04T18:00:00.000Z' };
const exp: Experiment = {
  name: '24-03',
  members: [{ user: 'olga', role: 'operator' }, { user: 'carl', role: 'collaborator' }, { user: 'rita', role: 'researcher' }],
  windows: [WINDOW],
};
const user = (name: string, extra: { admin?: boolean; enabled?: boolean } = {}): Principal => ({ kind: 'user', user: { name, displayName: '', enabled: extra.enabled ?? true, admin: extra.admin ?? false } });
const ADMIN: Principal = { kind: 'admin', name: 'admin' };
const WHO: Record<Role | 'admin' | 'adminUser' | 'stranger', Principal> = {
  admin: ADMIN, adminUser: user('ada', { admin: true }), operator: user('olga'), collaborator: user('carl'), researcher: user('rita'), stranger: user('sam'),
};
const INSIDE = new Date('2026-03-04T12:00:00Z');
const AFTER = new Date('2026-03-05T12:00:00Z');

// [action, admin, operator, collaborator, researcher, stranger] inside the window, then outside it.
type Row = [AccessAction, boolean, boolean, boolean, boolean, boolean];
const TABLE_INSIDE: Row[] = [
  ['view', true, true, true, true, false],
  ['upload', true, true, true, false, false],
  ['editParams', true, true, true, false, false],
  ['reprocess', true, true, true, true, false],
  ['call', true, true, true, true, false],
  ['download', true, true, true, true, false],
  ['addCollaborator', true, true, false, false, false],
  ['admin', true, false, false, false, false],
];
const TABLE_OUTSIDE: Row[] = [
  ['view', true, true, true, true, false],
  ['upload', true, false, false, false, false],
  ['editParams', true, false, false, false, false],
  ['reprocess', true, false, false, true, false],
  ['call', true, true, true, true, false],
  ['download', true, true, true, true, false],
  ['addCollaborator', true, false, false, false, false],
  ['admin', true, false, false, false, false],
];
const cases = (rows: Row[], now: Date, when: string) => rows.flatMap(([action, ...allowed]) =>
  (['admin', 'operator', 'collaborator', 'researcher', 'stranger'] as const).map((who, i) => ({ when, now, action, who, allow: allowed[i] })));

describe('decide', () => {
  it.each([...cases(TABLE_INSIDE, INSIDE, 'inside'), ...cases(TABLE_OUTSIDE, AFTER, 'after')])('$when the window: $who $action → $allow', ({ now, action, who, allow }) => {
    expect(decide(WHO[who], exp, action, now).allow).toBe(allow);
  });

  it('treats a user flagged admin like the admin account', () => {
    expect(decide(WHO.adminUser, undefined, 'admin', AFTER)).toEqual({ allow: true, reason: 'ada is an administrator' });
  });

  it.each([
    ['one second before the start', '2026-03-04T07:59:59Z', 0, false],
    ['at the start', '2026-03-04T08:00:00Z', 0, true],
    ['inside', '2026-03-04T12:00:00Z', 0, true],
    ['at the end', '2026-03-04T18:00:00Z', 0, true],
    ['one second after the end', '2026-03-04T18:00:01Z', 0, false],
    ['one second after the end, 60 s grace', '2026-03-04T18:00:01Z', 60, true],
    ['61 s after the end, 60 s grace', '2026-03-04T18:01:01Z', 60, false],
    ['one second before the start, 60 s grace', '2026-03-04T07:59:59Z', 60, true],
  ])('upload by the operator %s', (_label, at, graceSeconds, allow) => {
    expect(decide(WHO.operator, exp, 'upload', new Date(at), { graceSeconds }).allow).toBe(allow);
  });

  it('says when the window ended', () => {
    expect(decide(WHO.operator, exp, 'upload', AFTER).reason)
      .toBe('olga may not upload into experiment 24-03 now: experiment 24-03 is outside its booked window, which ended at 2026-03-04 18:00 UTC');
  });

  it('says when the next window starts', () => {
    expect(decide(WHO.operator, exp, 'upload', new Date('2026-03-01T00:00:00Z')).reason)
      .toBe('olga may not upload into experiment 24-03 now: experiment 24-03 is outside its booked window, the next one starts at 2026-03-04 08:00 UTC');
  });

  it('names a non-member, an unregistered experiment, a disabled user and a missing window', () => {
    expect(decide(WHO.stranger, exp, 'view', INSIDE).reason).toBe('sam is not a member of experiment 24-03');
    expect(decide(WHO.stranger, undefined, 'view', INSIDE).reason).toContain('it is not registered');
    expect(decide(user('olga', { enabled: false }), exp, 'view', INSIDE)).toEqual({ allow: false, reason: 'user olga is disabled' });
    expect(decide(WHO.operator, { ...exp, windows: [] }, 'upload', INSIDE).reason).toContain('experiment 24-03 has no booked window');
    expect(decide(WHO.researcher, exp, 'upload', INSIDE).reason).toBe('rita is researcher of experiment 24-03, and a researcher may not upload into it');
  });
});
