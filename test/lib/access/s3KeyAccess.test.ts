// A user's S3 key, request by request: the rights table mapped onto S3 (read = download any time for members,
// write into raw/<exp>/ = upload for operators and collaborators inside the window ± grace), and the MinIO policy
// printed for each role grants exactly what the embedded store grants inside a window.
import { describe, expect, it } from 'vitest';
import { minioPolicy } from '../../../lib/access/minioPolicy.js';
import type { IamPolicy } from '../../../lib/access/minioPolicy.js';
import type { AccessState, Role } from '../../../lib/access/model.js';
import { s3KeyDecision } from '../../../lib/access/s3KeyAccess.js';
import type { S3KeyAction } from '../../../lib/access/s3KeyAccess.js';

const FROM = '2026-03-04T08:00:00.000Z';
const TO = '2026-03-04T18:00:00.000Z';
const u = (name: string, extra: { admin?: boolean; enabled?: boolean } = {}) => ({ name, displayName: '', enabled: extra.enabled ?? true, admin: extra.admin ?? false });
const STATE: AccessState = {
  version: 1, tokens: [],
  users: [u('olga'), u('carl'), u('rita'), u('sam'), u('ada', { admin: true }), u('otto', { enabled: false })],
  experiments: [{ name: 'A', windows: [{ microscope: 'krios', from: FROM, to: TO }], members: [
    { user: 'olga', role: 'operator' }, { user: 'carl', role: 'collaborator' }, { user: 'rita', role: 'researcher' }, { user: 'otto', role: 'operator' },
  ] }],
};
const INSIDE = new Date('2026-03-04T12:00:00Z');
const AFTER = new Date('2026-03-05T12:00:00Z');
const at = (who: string, action: S3KeyAction, key: string, now: Date, graceSeconds = 0) => s3KeyDecision(STATE, who, action, key, now, { graceSeconds }).allow;

// [action, key, olga (operator), carl (collaborator), rita (researcher), sam (no member), ada (admin), otto (disabled)]
type Row = [S3KeyAction, string, boolean, boolean, boolean, boolean, boolean, boolean];
const INSIDE_ROWS: Row[] = [
  ['read', 'raw/A/s1/m.tif', true, true, true, false, true, false],
  ['read', 'processed/A/s1/ctf.json', true, true, true, false, true, false],
  ['read', 'raw/A/', true, true, true, false, true, false],
  ['write', 'raw/A/s1/m.tif', true, true, false, false, true, false],
  ['write', 'processed/A/s1/ctf.json', false, false, false, false, false, false],
  ['write', 'params/A/s1/session.json', false, false, false, false, false, false],
  ['delete', 'raw/A/s1/m.tif', false, false, false, false, false, false],
  ['read', '_access/state.json', false, false, false, false, false, false],
  ['read', 'raw/', false, false, false, false, false, false],
  ['read', 'raw/A', false, false, false, false, false, false],
];
const WHO = ['olga', 'carl', 'rita', 'sam', 'ada', 'otto'];

describe('s3KeyDecision', () => {
  it.each(INSIDE_ROWS)('inside the window: %s %s', (action, key, ...expected) => {
    expect(WHO.map((w) => at(w, action, key, INSIDE))).toEqual(expected);
  });

  it('outside the window: members still read, only an admin writes raw/A/', () => {
    expect(WHO.map((w) => at(w, 'read', 'raw/A/s1/m.tif', AFTER))).toEqual([true, true, true, false, true, false]);
    expect(WHO.map((w) => at(w, 'write', 'raw/A/s1/m.tif', AFTER))).toEqual([false, false, false, false, true, false]);
  });

  it('writes one second before the end, at the end, not one second after; grace widens both edges', () => {
    const t = (iso: string, delta: number) => new Date(Date.parse(iso) + delta * 1000);
    expect([t(FROM, -1), t(FROM, 0), t(TO, 0), t(TO, 1)].map((n) => at('olga', 'write', 'raw/A/x', n))).toEqual([false, true, true, false]);
    expect([t(FROM, -901), t(FROM, -900), t(TO, 900), t(TO, 901)].map((n) => at('olga', 'write', 'raw/A/x', n, 900))).toEqual([false, true, true, false]);
  });

  it('says why in words', () => {
    expect(s3KeyDecision(STATE, 'olga', 'write', 'raw/A/x', AFTER, { graceSeconds: 0 })).toMatchObject({
      allow: false, action: 'upload', experiment: 'A', reason: 'olga may not upload into experiment A now: experiment A is outside its booked window, which ended at 2026-03-04 18:00 UTC',
    });
    expect(s3KeyDecision(STATE, 'gone', 'read', 'raw/A/x', INSIDE, { graceSeconds: 0 }).reason).toBe('the S3 key\'s user gone no longer exists');
  });
});

/** Whether `policy` allows `s3Action` on `resource` (Allow statements only; `*` globs), as IAM evaluates it. */
function iamAllows(policy: IamPolicy, s3Action: string, resource: string): boolean {
  const glob = (g: string) => new RegExp(`^${g.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
  return policy.Statement.some((s) => s.Action.includes(s3Action) && s.Resource.some((r) => glob(r).test(resource)));
}

describe('minioPolicy agrees with the embedded store inside a window', () => {
  const roles: [Role, string][] = [['operator', 'olga'], ['collaborator', 'carl'], ['researcher', 'rita']];
  it.each(roles)('%s', (role, who) => {
    const policy = minioPolicy('cryoem', 'A', role);
    for (const top of ['raw', 'processed', 'params']) {
      const key = `${top}/A/s1/file`;
      expect([iamAllows(policy, 's3:GetObject', `arn:aws:s3:::cryoem/${key}`), iamAllows(policy, 's3:PutObject', `arn:aws:s3:::cryoem/${key}`)], `${role} ${key}`)
        .toEqual([at(who, 'read', key, INSIDE), at(who, 'write', key, INSIDE)]);
    }
    expect(iamAllows(policy, 's3:GetObject', 'arn:aws:s3:::cryoem/_access/state.json')).toBe(false);
  });

  it('is static: after the window the store refuses the operator\'s write that the MinIO policy still allows (detach it there)', () => {
    expect(iamAllows(minioPolicy('cryoem', 'A', 'operator'), 's3:PutObject', 'arn:aws:s3:::cryoem/raw/A/s1/file')).toBe(true);
    expect(at('olga', 'write', 'raw/A/s1/file', AFTER)).toBe(false);
  });
});
