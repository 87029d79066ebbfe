// /function and /async-function called by a user (not the admin or service account): the JSON body must name
// object keys of experiments the user may call steps on; each is checked with lib/access's decide().
import { Readable } from 'node:stream';
import type { Request, RequestHandler } from 'express';
import type { AccessAction, Decision, Principal } from '../../lib/access/index.js';
import { ForbiddenError, InvalidInputError } from '../../lib/errors.js';
import { readBodyLimited } from '../routes/readBodyLimited.js';
import { principalOf, type UserAuth } from './principalAuth.js';

export interface FunctionAccessDeps {
  users: UserAuth & { check(principal: Principal, experiment: string | undefined, action: AccessAction): Promise<Decision> };
  maxBodyBytes: number;
}

const KEY_RE = /^(?:raw|processed|params)\/([^/]+)\//;

/** Every string in `value` (any depth) that is an object key of an experiment. */
export function namedKeys(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && KEY_RE.test(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) namedKeys(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) namedKeys(v, out);
  return out;
}

/** Lets the proxy (req.pipe) and the async route (for await) read a body this middleware already consumed. */
function replay(req: Request, body: Buffer): void {
  const again = () => Readable.from(body.length ? [body] : []);
  Object.assign(req, {
    pipe: <T extends NodeJS.WritableStream>(dest: T) => again().pipe(dest),
    [Symbol.asyncIterator]: () => again()[Symbol.asyncIterator](),
  });
}

export function functionAccess(deps: FunctionAccessDeps): RequestHandler {
  return (req, res, next) => {
    const principal = principalOf(res.locals);
    if (!principal || principal.kind === 'admin' || principal.user.admin) return next();
    const refuse = (reason: string, keys: string[]) => deps.users
      .audit({ who: principal.user.name, what: `${req.method} ${req.originalUrl}`, action: 'call', keys, address: req.ip ?? '', outcome: 'refused', status: 403, reason })
      .catch(() => undefined).then(() => next(new ForbiddenError(reason)));
    void (async () => {
      const body = await readBodyLimited(req, deps.maxBodyBytes, `call to ${req.path}`);
      let json: unknown;
      try { json = JSON.parse(body.toString('utf8')); } catch { throw new InvalidInputError(`call to ${req.path}: a user's call needs a JSON body naming the keys it works on`); }
      const keys = namedKeys(json);
      if (keys.length === 0) return refuse(`${principal.user.name} may call a step only on keys of an experiment (raw/<experiment>/…, processed/…, params/…); the body names none`, keys);
      for (const exp of new Set(keys.map((k) => KEY_RE.exec(k)?.[1] ?? ''))) {
        const d = await deps.users.check(principal, exp, 'call');
        if (!d.allow) return refuse(d.reason, keys);
      }
      replay(req, body);
      next();
    })().catch(next);
  };
}
