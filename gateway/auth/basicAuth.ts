// HTTP basic auth with credentials read from files, as OpenFaaS mounts them (basic-auth-user, basic-auth-password).
import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { InvalidInputError, UnauthorizedError } from '../../lib/errors.js';

export const AUTH_USER_FILE = 'basic-auth-user';
export const AUTH_PASSWORD_FILE = 'basic-auth-password';

export interface Credentials {
  user: string;
  password: string;
}

async function readSecret(dir: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  try {
    // Secrets are often written with a trailing newline (echo, kubectl); OpenFaaS trims it too.
    const value = (await readFile(file, 'utf8')).trim();
    if (!value) throw new Error('empty');
    return value;
  } catch (err) {
    throw new InvalidInputError(`basic auth: secret file "${file}" missing or empty`, { cause: err });
  }
}

/** Reads `<dir>/basic-auth-user` and `<dir>/basic-auth-password`. */
export async function loadCredentials(dir: string): Promise<Credentials> {
  return { user: await readSecret(dir, AUTH_USER_FILE), password: await readSecret(dir, AUTH_PASSWORD_FILE) };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Middleware that rejects requests without the right `Authorization: Basic` header with 401. */
export function basicAuth(credentials: Credentials): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
    const sep = decoded.indexOf(':');
    const ok = sep > 0 && same(decoded.slice(0, sep), credentials.user) && same(decoded.slice(sep + 1), credentials.password);
    if (ok) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="Restricted"');
    next(new UnauthorizedError(m ? 'basic auth: wrong user or password' : 'basic auth: missing Authorization: Basic header'));
  };
}
