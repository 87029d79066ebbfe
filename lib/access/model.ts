// The access model: users (scrypt password hashes), experiments with members, roles and booked UTC windows, API
// tokens (only their SHA-256 kept), as one zod-checked document kept in the bucket (accessState.ts).
import { z } from 'zod';

/** A user or experiment name: one key segment, nothing a path or glob could misread. */
export const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-" (at most 64), starting with a letter or digit');

export const Role = z.enum(['operator', 'collaborator', 'researcher']);
export type Role = z.infer<typeof Role>;

/** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` (lib/access/secrets.ts). */
export const PasswordHash = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'an scrypt$N$r$p$salt$hash string');

export const User = z.object({
  name: Name,
  displayName: z.string().max(200).default(''),
  enabled: z.boolean().default(true),
  admin: z.boolean().default(false),
  password: PasswordHash.optional(),
  /** Identity at the site's OpenID Connect provider (lib/access/oidcLink.ts): logins link by issuer + subject. */
  oidc: z.object({ issuer: z.string().max(500), subject: z.string().max(500) }).optional(),
  /** Admin only through an OIDC admin group (lib/access/oidcLink.ts): the next login without it takes it away. */
  adminFromGroups: z.boolean().optional(),
});
export type User = z.infer<typeof User>;

export const Window = z.object({
  microscope: z.string().max(100).default(''),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
}).refine((w) => Date.parse(w.from) < Date.parse(w.to), { message: 'a window must end after it starts' });
export type Window = z.infer<typeof Window>;

export const Member = z.object({
  user: Name,
  role: Role,
  /**
   * The OIDC groups that granted this membership at the user's last login (lib/access/oidcLink.ts); absent when an
   * administrator or operator granted it. Only a group-granted membership follows the groups: it goes when they do.
   */
  fromGroups: z.array(z.string().max(200)).optional(),
});
export type Member = z.infer<typeof Member>;

export const Experiment = z.object({
  name: Name,
  members: z.array(Member).default([]),
  windows: z.array(Window).default([]),
});
export type Experiment = z.infer<typeof Experiment>;

export const ApiToken = z.object({
  /** Public part of the token (`cdt_<id>_<secret>`), to find it without scanning hashes. */
  id: z.string().regex(/^[a-f0-9]{16}$/),
  user: Name,
  /** SHA-256 (hex) of the whole token: a 256-bit random secret needs no slow hash. */
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  created: z.iso.datetime(),
  expires: z.iso.datetime(),
  revoked: z.iso.datetime().nullable().default(null),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const AccessState = z.object({
  version: z.literal(1),
  users: z.array(User).default([]),
  experiments: z.array(Experiment).default([]),
  tokens: z.array(ApiToken).default([]),
});
export type AccessState = z.infer<typeof AccessState>;

export const EMPTY_STATE: AccessState = { version: 1, users: [], experiments: [], tokens: [] };

/** Who a request acts for: the gateway's admin account (basic-auth secret files) or a user of the access state. */
export type Principal = { kind: 'admin'; name: string } | { kind: 'user'; user: User };

export function principalName(p: Principal): string {
  return p.kind === 'admin' ? p.name : p.user.name;
}
