// OpenID Connect login settings from the environment (lib/config/loadEnv.ts) and the group → experiment/role map
// file. Unset OIDC_ISSUER means no OIDC: the login page offers local passwords only.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadEnv, type Env } from '../config/index.js';
import { InvalidInputError } from '../errors.js';
import { Name, Role } from './model.js';

export const OidcEnv = z.object({
  /** The provider's issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** From OIDC_CLIENT_SECRET_FILE (a secret: never in messages). */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** This dashboard's callback as registered at the provider: `https://<host>/ui/login/oidc/callback`. */
  OIDC_REDIRECT_URL: z.url().optional(),
  /** The claim (ID token or userinfo) that lists the user's groups. */
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  OIDC_SCOPES: z.string().default('openid profile email'),
  /** JSON file mapping groups to experiment roles (OidcGroupMap). */
  OIDC_GROUP_MAP_FILE: z.string().optional(),
  /** Shown on the button: "Sign in with <name>". */
  OIDC_PROVIDER_NAME: z.string().min(1).max(100).default('your identity provider'),
});

/** `{"groups": {"<group>": [{"experiment": "24-03", "role": "researcher"}]}, "adminGroups": ["<group>"]}` */
export const OidcGroupMap = z.object({
  groups: z.record(z.string(), z.array(z.object({ experiment: Name, role: Role }))).default({}),
  adminGroups: z.array(z.string()).default([]),
});
export type OidcGroupMap = z.infer<typeof OidcGroupMap>;

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret?: string;
  redirectUrl: URL;
  groupsClaim: string;
  scopes: string;
  providerName: string;
  groupMap: OidcGroupMap;
}

function readGroupMap(file: string | undefined): OidcGroupMap {
  if (!file) return OidcGroupMap.parse({});
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InvalidInputError(`OIDC_GROUP_MAP_FILE "${file}": cannot read it as JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = OidcGroupMap.safeParse(json);
  if (!parsed.success) throw new InvalidInputError(`OIDC_GROUP_MAP_FILE "${file}": ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The OIDC settings, or undefined when OIDC_ISSUER is unset; throws naming each missing or bad variable. */
export function loadOidcSettings(env: Env = process.env): OidcSettings | undefined {
  const e = loadEnv('oidc', OidcEnv, env, { secrets: ['OIDC_CLIENT_SECRET'] });
  if (!e.OIDC_ISSUER) return undefined;
  const missing = (['OIDC_CLIENT_ID', 'OIDC_REDIRECT_URL'] as const).filter((k) => !e[k]);
  if (missing.length) throw new InvalidInputError(`oidc config: OIDC_ISSUER is set, so ${missing.join(' and ')} must be too`);
  const issuer = new URL(e.OIDC_ISSUER);
  // Plain http only to a provider on this machine (tests, a local Keycloak); anywhere else tokens would travel in clear.
  if (issuer.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)) {
    throw new InvalidInputError(`oidc config: OIDC_ISSUER must be https unless it is on this machine, got "${e.OIDC_ISSUER}"`);
  }
  return {
    issuer, clientId: e.OIDC_CLIENT_ID ?? '', clientSecret: e.OIDC_CLIENT_SECRET, redirectUrl: new URL(e.OIDC_REDIRECT_URL ?? ''),
    groupsClaim: e.OIDC_GROUPS_CLAIM, scopes: e.OIDC_SCOPES, providerName: e.OIDC_PROVIDER_NAME, groupMap: readGroupMap(e.OIDC_GROUP_MAP_FILE),
  };
}
