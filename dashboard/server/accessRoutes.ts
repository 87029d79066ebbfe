// /ui/api/access/*: the administrators' API for users, experiments, members, windows, tokens, S3 keys and the
// audit log (the CLI's `cryoem-daq access` calls it); operators may add collaborators inside their window.
import type { Request, Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import type { Access, AccessAction, Principal } from '../../lib/access/index.js';
import { hashPassword, Name, newToken, principalName, Role, s3KeyPolicy, Window } from '../../lib/access/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { createAccessKey } from '../../lib/store/keyTable.js';
import { parseBody } from './validate.js';

export const UserBody = z.object({ name: Name, displayName: z.string().max(200).optional(), admin: z.boolean().optional(), password: z.string().min(8).max(1000).optional() });
export const UserPatch = z.object({ enabled: z.boolean().optional(), displayName: z.string().max(200).optional(), admin: z.boolean().optional(), password: z.string().min(8).max(1000).optional() });
export const ExperimentBody = z.object({ name: Name, windows: z.array(Window).default([]) });
export const MemberBody = z.object({ user: Name, role: Role });
export const TokenBody = z.object({ user: Name, days: z.number().int().min(1).max(366).default(90) });
export const S3KeyBody = z.object({ user: Name });
export const AuditQuery = z.object({ since: z.iso.datetime().optional() });
export const NamePath = z.object({ name: Name });
export const TokenPath = z.object({ id: z.string().regex(/^[a-f0-9]{16}$/) });

export interface AccessRouteDeps {
  access: Access;
  bucket: string;
  /** The embedded store's key table (STORE_KEY_TABLE); without it s3-keys answer 404. */
  keyTableFile?: string;
}

export function accessRouter(deps: AccessRouteDeps): Router {
  const { access } = deps;
  const router = Router();
  const principal = (res: Response): Principal => (res.locals.principal as Principal | undefined) ?? { kind: 'admin', name: 'anonymous' };
  /** Decides, audits (refusals now, allowed changes once done) and throws ForbiddenError with the reason. */
  async function allow(req: Request, res: Response, action: AccessAction, experiment?: string, keys: string[] = []): Promise<void> {
    const p = principal(res);
    const d = await access.check(p, experiment, action);
    const base = { who: principalName(p), what: `${req.method} ${req.originalUrl}`, action, experiment, keys, address: req.ip ?? '', reason: d.reason };
    if (!d.allow) {
      await access.audit({ ...base, outcome: 'refused', status: 403 });
      throw new ForbiddenError(d.reason);
    }
    if (req.method !== 'GET') res.on('finish', () => { void access.audit({ ...base, outcome: res.statusCode < 400 ? 'allowed' : 'failed', status: res.statusCode }).catch(() => undefined); });
  }

  router.get('/access/state', async (req, res) => {
    await allow(req, res, 'admin');
    const s = await access.state.current();
    res.json({ users: s.users.map(({ password, ...u }) => ({ ...u, password: password !== undefined })), experiments: s.experiments, tokens: s.tokens.map(({ sha256: _hash, ...t }) => t) });
  });
  router.post('/access/users', async (req, res) => {
    await allow(req, res, 'admin');
    const body = parseBody(UserBody, req.body, 'user');
    const password = body.password === undefined ? undefined : await hashPassword(body.password);
    await access.state.update((s) => {
      if (s.users.some((u) => u.name === body.name)) throw new ConflictError(`user ${body.name} already exists`);
      s.users.push({ name: body.name, displayName: body.displayName ?? '', enabled: true, admin: body.admin ?? false, password });
    });
    res.status(201).json({ name: body.name });
  });
  router.put('/access/users/:name', async (req, res) => {
    await allow(req, res, 'admin');
    const { name } = parseBody(NamePath, req.params, 'user');
    const patch = parseBody(UserPatch, req.body, `user ${name}`);
    const password = patch.password === undefined ? undefined : await hashPassword(patch.password);
    await access.state.update((s) => {
      const u = s.users.find((x) => x.name === name);
      if (!u) throw new NotFoundError(`user ${name} does not exist`);
      Object.assign(u, { ...patch, ...(password ? { password } : {}) });
      if (patch.admin !== undefined) delete u.adminFromGroups; // an administrator's decision: logins no longer change it
    });
    res.json({ name });
  });
  router.post('/access/experiments', async (req, res) => {
    await allow(req, res, 'admin');
    const body = parseBody(ExperimentBody, req.body, 'experiment');
    const state = await access.state.update((s) => {
      const e = s.experiments.find((x) => x.name === body.name);
      if (e) e.windows.push(...body.windows);
      else s.experiments.push({ name: body.name, members: [], windows: body.windows });
    });
    res.status(201).json(state.experiments.find((e) => e.name === body.name));
  });
  router.post('/access/experiments/:name/members', async (req, res) => {
    const { name } = parseBody(NamePath, req.params, 'experiment');
    const body = parseBody(MemberBody, req.body, `member of ${name}`);
    // Operators add collaborators in their window; every other grant is an administrator's.
    await allow(req, res, body.role === 'collaborator' ? 'addCollaborator' : 'admin', name);
    const state = await access.state.update((s) => {
      const e = s.experiments.find((x) => x.name === name);
      if (!e) throw new NotFoundError(`experiment ${name} does not exist`);
      if (!s.users.some((u) => u.name === body.user)) throw new NotFoundError(`user ${body.user} does not exist`);
      e.members = [...e.members.filter((m) => m.user !== body.user), body];
    });
    res.json(state.experiments.find((e) => e.name === name));
  });
  router.post('/access/tokens', async (req, res) => {
    await allow(req, res, 'admin');
    const body = parseBody(TokenBody, req.body, 'token');
    const t = newToken();
    const now = access.now();
    const expires = new Date(now.getTime() + body.days * 86_400_000).toISOString();
    await access.state.update((s) => {
      if (!s.users.some((u) => u.name === body.user)) throw new NotFoundError(`user ${body.user} does not exist`);
      s.tokens.push({ id: t.id, user: body.user, sha256: t.sha256, created: now.toISOString(), expires, revoked: null });
    });
    res.status(201).json({ id: t.id, token: t.token, user: body.user, expires });
  });
  router.post('/access/tokens/:id/revoke', async (req, res) => {
    await allow(req, res, 'admin');
    const { id } = parseBody(TokenPath, req.params, 'token');
    await access.state.update((s) => {
      const t = s.tokens.find((x) => x.id === id);
      if (!t) throw new NotFoundError(`token ${id} does not exist`);
      t.revoked ??= access.now().toISOString();
    });
    res.json({ id, revoked: true });
  });
  router.post('/access/s3-keys', async (req, res) => {
    await allow(req, res, 'admin');
    const body = parseBody(S3KeyBody, req.body, 's3 key');
    if (!deps.keyTableFile) throw new NotFoundError('s3 keys: this dashboard has no store key table (STORE_KEY_TABLE)');
    const s = await access.state.current();
    const user = s.users.find((u) => u.name === body.user);
    if (!user) throw new NotFoundError(`user ${body.user} does not exist`);
    const policy = s3KeyPolicy(s, user, deps.bucket, access.now());
    const { id, secret } = await createAccessKey(deps.keyTableFile, policy, `access: ${user.name}`);
    res.status(201).json({ accessKeyId: id, secretAccessKey: secret, policy });
  });
  router.get('/access/audit', async (req, res) => {
    await allow(req, res, 'admin');
    const { since } = parseBody(AuditQuery, req.query, 'audit');
    res.json({ entries: await access.readAudit(since ? new Date(since) : undefined) });
  });
  return router;
}
