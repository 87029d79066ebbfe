// Bearer-token check for the connector's endpoints, as MinIO sends it (`auth_token` → `Authorization: Bearer …`).
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/** 401 unless the Authorization header is `Bearer <token>` (or the token verbatim when it has two words). */
export function requireBearer(token: string): RequestHandler {
  const expected = Buffer.from(token.includes(' ') ? token : `Bearer ${token}`);
  return (req, res, next) => {
    const got = Buffer.from(req.get('authorization') ?? '');
    if (got.length === expected.length && timingSafeEqual(got, expected)) return next();
    res.status(401).json({ error: 'connector: missing or wrong bearer token in Authorization' });
  };
}
