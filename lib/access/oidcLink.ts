// Who an OpenID Connect login is in the access state: the user linked to (issuer, subject), created on first login
// with a name from preferred_username, with the roles its groups map to (OidcGroupMap). Pure: changes `state`.
import type { AccessState } from './model.js';
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

/** Links or creates the user of `id` and grants the roles its groups map to; returns the user name. */
export function linkOidcUser(state: AccessState, id: OidcIdentity, map: OidcGroupMap): string {
  let user = state.users.find((u) => u.oidc?.issuer === id.issuer && u.oidc.subject === id.subject);
  if (!user) {
    user = { name: freeName(state, id.preferredName ?? id.subject), displayName: '', enabled: true, admin: false, oidc: { issuer: id.issuer, subject: id.subject } };
    state.users.push(user);
  }
  if (id.displayName !== undefined) user.displayName = id.displayName.slice(0, 200);
  // Groups only add: an administrator's explicit grant or disabling is never undone by a login.
  if (id.groups.some((g) => map.adminGroups.includes(g))) user.admin = true;
  for (const group of id.groups) {
    for (const grant of map.groups[group] ?? []) {
      const experiment = state.experiments.find((e) => e.name === grant.experiment);
      if (!experiment) continue; // experiments and their windows are the administrator's to create
      if (!experiment.members.some((m) => m.user === user.name)) experiment.members.push({ user: user.name, role: grant.role });
    }
  }
  return user.name;
}
