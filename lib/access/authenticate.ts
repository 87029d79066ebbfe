// A user's credentials on a request: `Authorization: Basic` with a local password, or `Authorization: Bearer
// <token>`. Disabled users, revoked or expired tokens and wrong passwords are 401 with what was wrong.
import { UnauthorizedError } from '../errors.js';
import type { AccessState, Principal } from './model.js';
import type { SessionRecord } from './sessions.js';
import { sameHash, sha256, tokenId, verifyPassword } from './secrets.js';

/** `{user, password}` from a Basic header, or null when the header is not Basic. */
export function basicCredentials(header: string): { user: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  return sep > 0 ? { user: decoded.slice(0, sep), password: decoded.slice(sep + 1) } : null;
}

export async function authenticateUser(state: AccessState, header: string, now: Date): Promise<Principal> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) {
    const id = tokenId(bearer);
    const record = id ? state.tokens.find((t) => t.id === id) : undefined;
    if (!record || !sameHash(record.sha256, sha256(bearer))) throw new UnauthorizedError('bearer token: unknown token');
    if (record.revoked) throw new UnauthorizedError(`bearer token ${record.id}: revoked at ${record.revoked}`);
    if (Date.parse(record.expires) <= now.getTime()) throw new UnauthorizedError(`bearer token ${record.id}: expired at ${record.expires}`);
    return enabled(state, record.user);
  }
  const basic = basicCredentials(header);
  if (!basic) throw new UnauthorizedError('missing Authorization header: send Basic user:password or Bearer <token>');
  const user = state.users.find((u) => u.name === basic.user);
  if (!user?.password || !(await verifyPassword(basic.password, user.password))) throw new UnauthorizedError('basic auth: wrong user or password');
  return enabled(state, user.name);
}

function enabled(state: AccessState, name: string): Principal {
  const user = state.users.find((u) => u.name === name);
  if (!user) throw new UnauthorizedError(`user ${name} no longer exists`);
  if (!user.enabled) throw new UnauthorizedError(`user ${name} is disabled`);
  return { kind: 'user', user };
}

/** Who a login session acts for: the admin account (while it keeps its name) or its user, if still enabled. */
export function sessionPrincipal(state: AccessState, record: SessionRecord, adminName: string): Principal {
  if (record.kind === 'admin') {
    if (record.name !== adminName) throw new UnauthorizedError(`session of admin account ${record.name}: the admin account is now ${adminName}`);
    return { kind: 'admin', name: adminName };
  }
  return enabled(state, record.name);
}
