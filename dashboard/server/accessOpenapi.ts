// The /access admin routes (accessRoutes.ts) for the gateway's OpenAPI document.
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AuditQuery, ExperimentBody, MemberBody, NamePath, S3KeyBody, TokenBody, TokenPath, UserBody, UserPatch } from './accessRoutes.js';

const ErrorBody = z.object({ error: z.string(), type: z.string() });
const json = (description: string) => ({ description, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const refused = { 401: err('not logged in, disabled user, revoked or expired token'), 403: err('not allowed, with the reason') };

export function describeAccess(r: OpenAPIRegistry, api: string): void {
  const a = `${api}/access`;
  const tags = ['access'];
  r.registerPath({ method: 'get', path: `${a}/state`, tags, summary: 'Users, experiments (members, windows) and tokens, without secrets', responses: { 200: json('state'), ...refused } });
  r.registerPath({ method: 'post', path: `${a}/users`, tags, summary: 'Add a user (local password stored as an scrypt hash)', request: { body: body(UserBody) }, responses: { 201: json('created'), 409: err('exists'), ...refused } });
  r.registerPath({ method: 'put', path: `${a}/users/{name}`, tags, summary: 'Enable, disable or change a user', request: { params: NamePath, body: body(UserPatch) }, responses: { 200: json('changed'), 404: err('no such user'), ...refused } });
  r.registerPath({ method: 'post', path: `${a}/experiments`, tags, summary: 'Add an experiment, or booked windows to one', request: { body: body(ExperimentBody) }, responses: { 201: json('the experiment'), ...refused } });
  r.registerPath({ method: 'post', path: `${a}/experiments/{name}/members`, tags, summary: 'Grant a role (operators may add collaborators inside their window)', request: { params: NamePath, body: body(MemberBody) }, responses: { 200: json('the experiment'), 404: err('no such experiment or user'), ...refused } });
  r.registerPath({ method: 'post', path: `${a}/tokens`, tags, summary: 'Issue an API token for a user (shown once; stored as SHA-256)', request: { body: body(TokenBody) }, responses: { 201: json('id, token, expires'), ...refused } });
  r.registerPath({ method: 'post', path: `${a}/tokens/{id}/revoke`, tags, summary: 'Revoke a token at once', request: { params: TokenPath }, responses: { 200: json('revoked'), 404: err('no such token'), ...refused } });
  r.registerPath({ method: 'post', path: `${a}/s3-keys`, tags, summary: 'Issue an S3 key for a user: reads their experiments, writes raw/<experiment>/ while decide() lets them upload (checked per request)', request: { body: body(S3KeyBody) }, responses: { 201: json('accessKeyId, secretAccessKey, policy'), ...refused } });
  r.registerPath({ method: 'get', path: `${api}/me`, tags, summary: 'The caller (name, admin, logged in by cookie) and, per experiment they see, what they may do now and why (authRights.ts)', responses: { 200: json('name, admin, session, now, experiments[{name, role, members, windows, rights}]'), 401: err('not logged in') } });
  r.registerPath({ method: 'get', path: `${a}/audit`, tags, summary: 'Audit trail (every change and refusal)', request: { query: AuditQuery }, responses: { 200: json('entries'), ...refused } });
}
