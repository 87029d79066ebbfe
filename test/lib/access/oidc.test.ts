// OIDC settings from the environment (named errors, the group map validated by zod) and linking a provider's user.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessState, linkOidcUser, loadOidcSettings, OidcGroupMap } from '../../../lib/access/index.js';

const dir = mkdtempSync(join(tmpdir(), 'oidc-config-'));
const file = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };
const BASE = { OIDC_ISSUER: 'https://idp.example.org/realms/facility', OIDC_CLIENT_ID: 'cryoem', OIDC_REDIRECT_URL: 'https://daq.example.org/ui/login/oidc/callback' };

describe('loadOidcSettings', () => {
  it('is off without OIDC_ISSUER', () => {
    expect(loadOidcSettings({})).toBeUndefined();
  });

  it('reads the secret from its file and the group map', () => {
    const s = loadOidcSettings({ ...BASE, OIDC_CLIENT_SECRET_FILE: file('secret', 'abc123\n'), OIDC_GROUP_MAP_FILE: file('map.json', '{"groups":{"g1":[{"experiment":"24-03","role":"researcher"}]}}') });
    expect(s?.clientSecret).toBe('abc123');
    expect(s?.groupsClaim).toBe('groups');
    expect(s?.groupMap).toEqual({ groups: { g1: [{ experiment: '24-03', role: 'researcher' }] }, adminGroups: [] });
  });

  it.each([
    [{ OIDC_ISSUER: BASE.OIDC_ISSUER }, 'oidc config: OIDC_ISSUER is set, so OIDC_CLIENT_ID and OIDC_REDIRECT_URL must be too'],
    [{ ...BASE, OIDC_ISSUER: 'http://idp.example.org' }, 'oidc config: OIDC_ISSUER must be https unless it is on this machine, got "http://idp.example.org"'],
    [{ ...BASE, OIDC_CLIENT_SECRET_FILE: join(dir, 'missing') }, `oidc config: OIDC_CLIENT_SECRET_FILE: cannot read "${join(dir, 'missing')}" (ENOENT)`],
  ])('names what is wrong: %o', (env, message) => {
    expect(() => loadOidcSettings(env)).toThrow(message);
  });

  it('names the bad entry of the group map', () => {
    const map = file('bad.json', '{"groups":{"g1":[{"experiment":"24-03","role":"boss"}]}}');
    expect(() => loadOidcSettings({ ...BASE, OIDC_GROUP_MAP_FILE: map })).toThrow(`OIDC_GROUP_MAP_FILE "${map}": groups.g1.0.role: Invalid option: expected one of "operator"|"collaborator"|"researcher"`);
  });
});

describe('linkOidcUser', () => {
  const map = OidcGroupMap.parse({ groups: { 'r-team': [{ experiment: 'R', role: 'researcher' }], 'missing-exp': [{ experiment: 'Z', role: 'operator' }] }, adminGroups: ['staff'] });
  const fresh = () => AccessState.parse({ version: 1, users: [{ name: 'rita' }], experiments: [{ name: 'R', members: [{ user: 'olga', role: 'operator' }] }] });
  const id = { issuer: 'https://idp', subject: 'u-1', preferredName: 'rita', displayName: 'Rita R', groups: ['r-team', 'missing-exp'] };

  it('creates a user linked by the subject (a free name when taken), with the roles its groups map to', () => {
    const s = fresh();
    expect(linkOidcUser(s, id, map)).toBe('rita-2');
    expect(s.users[1]).toEqual({ name: 'rita-2', displayName: 'Rita R', enabled: true, admin: false, oidc: { issuer: 'https://idp', subject: 'u-1' } });
    expect(s.experiments[0].members).toEqual([{ user: 'olga', role: 'operator' }, { user: 'rita-2', role: 'researcher', fromGroups: ['r-team'] }]);
    expect(s.experiments.map((e) => e.name)).toEqual(['R']); // Z is not created by a login
  });

  it('finds the same user again by issuer and subject, whatever the name claim says now', () => {
    const s = fresh();
    linkOidcUser(s, id, map);
    expect(linkOidcUser(s, { ...id, preferredName: 'renamed', groups: [] }, map)).toBe('rita-2');
    expect(s.users).toHaveLength(2);
  });

  it('never lifts a disabled user or lowers a role an administrator granted; admin groups make admins', () => {
    const s = fresh();
    linkOidcUser(s, id, map);
    s.users[1].enabled = false;
    s.experiments[0].members[1] = { user: 'rita-2', role: 'operator' }; // as the members route writes an administrator's grant
    linkOidcUser(s, { ...id, groups: ['r-team', 'staff'] }, map);
    expect([s.users[1].enabled, s.users[1].admin, s.experiments[0].members[1].role]).toEqual([false, true, 'operator']);
  });

  it('takes a group-granted role and admin right away when the user leaves the group, and keeps what an administrator granted', () => {
    const s = fresh();
    s.experiments.push({ name: 'Q', members: [], windows: [] });
    const both = OidcGroupMap.parse({ ...map, groups: { ...map.groups, 'q-ops': [{ experiment: 'Q', role: 'operator' }], 'q-read': [{ experiment: 'Q', role: 'researcher' }] } });
    linkOidcUser(s, { ...id, groups: ['r-team', 'q-read', 'q-ops', 'staff'] }, both);
    expect(s.experiments[1].members).toEqual([{ user: 'rita-2', role: 'operator', fromGroups: ['q-read', 'q-ops'] }]);
    expect(s.users[1]).toMatchObject({ admin: true, adminFromGroups: true });
    // Out of q-ops: still a researcher of Q through q-read. Out of staff: no longer an admin.
    linkOidcUser(s, { ...id, groups: ['r-team', 'q-read'] }, both);
    expect(s.experiments[1].members).toEqual([{ user: 'rita-2', role: 'researcher', fromGroups: ['q-read'] }]);
    expect([s.users[1].admin, s.users[1].adminFromGroups]).toEqual([false, undefined]);
    // An administrator now grants R directly; leaving every group removes Q but not R.
    s.experiments[0].members[1] = { user: 'rita-2', role: 'collaborator' };
    linkOidcUser(s, { ...id, groups: [] }, both);
    expect(s.experiments.map((e) => e.members.filter((m) => m.user === 'rita-2'))).toEqual([[{ user: 'rita-2', role: 'collaborator' }], []]);
  });

  it('never takes away admin an administrator granted, group or not', () => {
    const s = fresh();
    linkOidcUser(s, id, map);
    s.users[1].admin = true;
    linkOidcUser(s, { ...id, groups: ['staff'] }, map);
    linkOidcUser(s, { ...id, groups: [] }, map);
    expect(s.users[1].admin).toBe(true);
  });
});
