// The dashboard's routes for the gateway's OpenAPI document, from the zod schemas the routes validate with.
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { CurationThresholds } from '../../lib/curation/index.js';
import { SessionParams } from '../../lib/events/sessionParams.js';
import { describeAccess } from './accessOpenapi.js';
import { describeOpsRoutes } from './opsOpenapi.js';
import { BundleQuery } from './bundleRoute.js';
import { OverrideBody } from './curationRoutes.js';
import { ObjectQuery } from './objectProxy.js';
import { GainQuery, Reprocess, SessionPath } from './sessionRoutes.js';
import { Abort, Complete, Create, Parts } from './uploads.js';

const ErrorBody = z.object({ error: z.string(), type: z.string() });
const anyJson = (description: string) => ({ description, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

/** Registers every dashboard route below `mount` (where the stack mounts the router, /ui). */
export function describeDashboard(r: OpenAPIRegistry, mount: string): void {
  const api = `${mount}/api`;
  const sessionPath = `${api}/sessions/{experiment}/{session}`;
  const tags = ['dashboard'];
  r.registerPath({ method: 'get', path: `${api}/events`, tags, summary: 'Live events (server-sent)', responses: { 200: { description: 'event stream', content: { 'text/event-stream': { schema: z.string() } } } } });
  r.registerPath({ method: 'get', path: `${api}/objects`, tags, summary: 'One step output (png, txt, star, json)', request: { query: ObjectQuery }, responses: { 200: { description: 'the object' }, 304: { description: 'not modified' }, 404: err('no such object') } });
  r.registerPath({ method: 'post', path: `${api}/uploads`, tags, summary: 'Start a multipart upload of a movie', request: { body: body(Create) }, responses: { 200: anyJson('key, uploadId, partSize, partCount'), 400: err('bad file') } });
  r.registerPath({ method: 'post', path: `${api}/uploads/parts`, tags, summary: 'Presigned part URLs', request: { body: body(Parts) }, responses: { 200: anyJson('urls') } });
  r.registerPath({ method: 'get', path: `${api}/uploads/parts`, tags, summary: 'Parts already stored', request: { query: Abort }, responses: { 200: anyJson('parts'), 501: err('store cannot list parts') } });
  r.registerPath({ method: 'post', path: `${api}/uploads/complete`, tags, summary: 'Complete an upload', request: { body: body(Complete) }, responses: { 200: anyJson('the stored movie') } });
  r.registerPath({ method: 'post', path: `${api}/uploads/abort`, tags, summary: 'Abort an upload', request: { body: body(Abort) }, responses: { 200: anyJson('aborted') } });
  r.registerPath({ method: 'get', path: `${api}/sessions`, tags, summary: 'Sessions', responses: { 200: anyJson('sessions') } });
  r.registerPath({ method: 'get', path: sessionPath, tags, summary: 'One session with its movie rows', request: { params: SessionPath }, responses: { 200: anyJson('session detail') } });
  r.registerPath({ method: 'get', path: `${sessionPath}/movie`, tags, summary: 'One movie row', request: { params: SessionPath, query: z.object({ name: z.string().min(1) }) }, responses: { 200: anyJson('movie row'), 404: err('no such movie') } });
  r.registerPath({ method: 'get', path: `${sessionPath}/params`, tags, summary: 'Session parameters', request: { params: SessionPath }, responses: { 200: { description: 'parameters', content: { 'application/json': { schema: SessionParams } } } } });
  r.registerPath({ method: 'put', path: `${sessionPath}/params`, tags, summary: 'Set session parameters', request: { params: SessionPath, body: body(SessionParams) }, responses: { 200: anyJson('stored parameters'), 400: err('invalid field named') } });
  r.registerPath({ method: 'put', path: `${sessionPath}/gain`, tags, summary: 'Upload the gain reference', request: { params: SessionPath, query: GainQuery, body: { content: { 'application/octet-stream': { schema: z.string() } } } }, responses: { 200: anyJson('stored gain settings') } });
  r.registerPath({ method: 'post', path: `${sessionPath}/reprocess`, tags, summary: 'Reprocess movies', request: { params: SessionPath, body: body(Reprocess) }, responses: { 200: anyJson('queued calls') } });
  r.registerPath({ method: 'get', path: `${sessionPath}/curation`, tags, summary: 'Curation: counts, each movie\'s decision and failing criteria', request: { params: SessionPath }, responses: { 200: anyJson('session judgement') } });
  r.registerPath({ method: 'put', path: `${sessionPath}/curation/thresholds`, tags, summary: 'Set curation thresholds (re-judged at once, nothing reprocessed)', request: { params: SessionPath, body: body(CurationThresholds) }, responses: { 200: anyJson('session judgement'), 400: err('invalid threshold named') } });
  r.registerPath({ method: 'post', path: `${sessionPath}/curation/override`, tags, summary: 'Accept or reject one movie by hand (null clears)', request: { params: SessionPath, body: body(OverrideBody) }, responses: { 200: anyJson('session judgement'), 400: err('bad body') } });
  r.registerPath({ method: 'get', path: `${sessionPath}/bundle`, tags, summary: 'The session as a tar stream (selected or all micrographs, STAR files, fetch commands)', request: { params: SessionPath, query: BundleQuery }, responses: { 200: { description: 'tar', content: { 'application/x-tar': { schema: z.string() } } } } });
  describeAccess(r, api);
  describeOpsRoutes(r, api);
  r.registerPath({ method: 'get', path: `${mount}/{rest}`, tags, summary: 'The dashboard page (client-side routes)', request: { params: z.object({ rest: z.string() }) }, responses: { 200: { description: 'index.html', content: { 'text/html': { schema: z.string() } } }, 503: { description: 'page not built' } } });
}
