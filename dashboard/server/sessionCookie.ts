// The dashboard's login cookie: read from the Cookie header, written HttpOnly (no script can read it),
// SameSite=Lax (not sent on cross-site subrequests or form posts; a link from an alert e-mail still arrives
// logged in, and every write is also checked by sameOrigin.ts) and Secure whenever the page came over https.
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'cryoem_session';

/** The value of cookie `name` on `req`, or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function attributes(req: Request, maxAgeSeconds: number): string {
  const path = req.baseUrl || '/';
  return `Path=${path}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${req.secure ? '; Secure' : ''}`;
}

export function setSessionCookie(req: Request, res: Response, id: string, expires: Date): void {
  const maxAge = Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000));
  res.append('Set-Cookie', `${SESSION_COOKIE}=${encodeURIComponent(id)}; ${attributes(req, maxAge)}`);
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; ${attributes(req, 0)}`);
}
