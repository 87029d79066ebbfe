// CSRF defence for the dashboard's mutating routes: browsers resend cached basic credentials on any cross-site
// request, so a write must come from the dashboard's own origin (Origin / Sec-Fetch-Site) with a content type no
// cross-site form can send without a CORS preflight (application/json; application/octet-stream for binary uploads).
import type { NextFunction, Request, Response } from 'express';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function refuse(res: Response, status: number, message: string): void {
  res.status(status).json({ error: message });
}

function typeOf(req: Request): string {
  return String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Middleware: refuses a mutating request from another origin (403) or with a form-capable content type (415). */
export function sameOriginWrites(binaryPaths: RegExp): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    if (SAFE.has(req.method)) return next();
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return refuse(res, 403, `${req.method} ${req.path}: Sec-Fetch-Site "${String(site)}" is not same-origin`);
    const origin = req.headers.origin;
    const own = `${req.protocol}://${req.headers.host ?? ''}`;
    if (origin !== undefined && origin !== own) return refuse(res, 403, `${req.method} ${req.path}: Origin "${origin}" is not the dashboard's origin ${own}`);
    const wanted = binaryPaths.test(req.path) ? 'application/octet-stream' : 'application/json';
    if (typeOf(req) !== wanted) return refuse(res, 415, `${req.method} ${req.path}: content type must be ${wanted}, got "${typeOf(req) || 'none'}"`);
    next();
  };
}
