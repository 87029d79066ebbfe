// Who an OpenID Connect login is in the access state: the user linked to (issuer, subject), created on first login
// with a name from preferred_username, with the roles its groups map to (OidcGroupMap), kept in step with its groups. Pure: changes `state`.
import type { AccessState, Role, User } from './model.js';
import type { OidcGroupMap } from './oidcConfig.js';

export interface OidcIdentity {
  issuer: string;
  subject: string;
  preferredName?: string;
  displayName?: string;
  groups: readonly string[];
}

/** A valid, unused user name from `wish` (letters, digits, . _ -), with -2, -3 … when taken. */
function freeName(state: AccessState, wish: string): string {
  const base = wish.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56) || 'user';
  let name = base;
  for (let n = 2; state.users.some((u) => u.name === name); n++) name = `${base}-${n}`;
  return name;
}

const STRENGTH: Record<Role, number> = { researcher: 0, collaborator: 1, operator: 2 };

/** Per experiment, the strongest role the user's groups map to, with the groups that map to the experiment. */
function grantsOf(groups: readonly string[], map: OidcGroupMap): Map<string, { role: Role; groups: string[] }> {
  const out = new Map<string, { role: Role; groups: string[] }>();
  for (const group of groups) {
    for (const { experiment, role } of map.groups[group] ?? []) {
      const seen = out.get(experiment);
      if (!seen) out.set(experiment, { role, groups: [group] });
      else {
        if (!seen.groups.includes(group)) seen.groups.push(group);
        if (STRENGTH[role] > STRENGTH[seen.role]) seen.role = role;
      }
    }
  }
  return out;
}

/** Admin from an admin group while the user is in one; an administrator's own grant of admin is never touched. */
function followAdminGroups(user: User, inAdminGroup: boolean): void {
  if (inAdminGroup && !user.admin) Object.assign(user, { admin: true, adminFromGroups: true });
  else if (!inAdminGroup && user.adminFromGroups) {
    user.admin = false;
    delete user.adminFromGroups;
  }
}

/**
 * Links or creates the user of `id` and makes its group-granted roles follow its groups: the roles they map to are
 * granted (only on experiments that exist: those are the administrator's to create), and a role or admin right a
 * group granted goes when the user is no longer in any group that grants it. What an administrator or operator
 * granted, and a disabled flag, are never changed by a login. Returns the user name.
 */
export function linkOidcUser(state: AccessState, id: OidcIdentity, map: OidcGroupMap): string {
  let user = state.users.find((u) => u.oidc?.issuer === id.issuer && u.oidc.subject === id.subject);
  if (!user) {
    user = { name: freeName(state, id.preferredName ?? id.subject), displayName: '', enabled: true, admin: false, oidc: { issuer: id.issuer, subject: id.subject } };
    state.users.push(user);
  }
  if (id.displayName !== undefined) user.displayName = id.displayName.slice(0, 200);
  followAdminGroups(user, id.groups.some((g) => map.adminGroups.includes(g)));
  const granted = grantsOf(id.groups, map);
  for (const experiment of state.experiments) {
    const grant = granted.get(experiment.name);
    const i = experiment.members.findIndex((m) => m.user === user.name);
    if (i < 0) {
      if (grant) experiment.members.push({ user: user.name, role: grant.role, fromGroups: grant.groups });
      continue;
    }
    const member = experiment.members[i];
    if (!member.fromGroups) continue; // an administrator's or operator's grant: a login never changes it
    if (grant) Object.assign(member, { role: grant.role, fromGroups: grant.groups });
    else experiment.members.splice(i, 1); // the user left every group that granted it
  }
  return user.name;
}
