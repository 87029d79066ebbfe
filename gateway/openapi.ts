// The OpenAPI 3 document of the gateway's routes (and of routers mounted beside them), generated from the zod schemas they validate with.
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { StepRequest } from '../lib/events/stepRequest.js';
import { describeOps, type OpsRoutes } from './openapiOps.js';
import { ScaleRequestSchema } from './routes/system.js';

/** Adds a mounted router's routes (paths below `mountPath`) to the registry. */
export type OpenApiContribution = (registry: OpenAPIRegistry, mountPath: string) => void;

export const ErrorBody = z.object({ error: z.string(), type: z.string() });
const NameParam = z.object({ name: z.string().describe('function name from stack.yml (an OpenFaaS ".namespace" suffix is ignored)') });
const RestParams = NameParam.extend({ rest: z.string().describe('path below the function, passed to it (may hold "/")') });
const FunctionStatus = z.object({
  name: z.string(), image: z.string(), namespace: z.string(), envProcess: z.string(), envVars: z.record(z.string(), z.string()),
  constraints: z.array(z.string()), secrets: z.array(z.string()), labels: z.record(z.string(), z.string()), annotations: z.record(z.string(), z.string()),
  invocationCount: z.number(), replicas: z.number(), availableReplicas: z.number(), createdAt: z.string(),
});
/** Step answers: pipeline calls get outcomes; ad-hoc calls the result JSON plus links (README "Calling a step over HTTP"). */
const StepAnswer = z.union([
  z.object({ outcomes: z.array(z.record(z.string(), z.unknown())) }),
  z.object({ resultKey: z.string(), outputs: z.array(z.string()), results: z.record(z.string(), z.unknown()), links: z.record(z.string(), z.string()), linksExpireSeconds: z.number() }),
]);
const StepQuery = z.object({
  name: z.string().optional().describe('bytes in: file name of the stored input'),
  output: z.string().optional().describe('output prefix processed/<experiment>/<session>/'),
  chain: z.enum(['true', 'false']).optional().describe('let the outputs trigger the next step'),
}).catchall(z.string()).describe('any other name is a step parameter (SessionParams or the step\'s own), JSON-parsed when it parses');

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const err = (description: string) => json(ErrorBody, description);

function gatewayPaths(r: OpenAPIRegistry): void {
  r.registerPath({ method: 'get', path: '/healthz', summary: 'Gateway liveness', responses: { 200: { description: 'OK', content: { 'text/plain': { schema: z.string() } } } } });
  r.registerPath({ method: 'get', path: '/system/functions', summary: 'Functions of the stack', responses: { 200: json(z.array(FunctionStatus), 'function statuses'), 401: err('basic auth failed') } });
  r.registerPath({ method: 'get', path: '/system/function/{name}', summary: 'One function', request: { params: NameParam }, responses: { 200: json(FunctionStatus, 'its status'), 404: err('no such function') } });
  r.registerPath({
    method: 'post', path: '/system/scale-function/{name}', summary: 'Set a function\'s replicas', request: { params: NameParam, body: { content: { 'application/json': { schema: ScaleRequestSchema } } } },
    responses: { 202: json(z.object({ name: z.string(), replicas: z.number() }), 'scaling'), 400: err('bad body'), 404: err('no such function') },
  });
  r.registerPath({ method: 'get', path: '/system/info', summary: 'Provider information', responses: { 200: json(z.record(z.string(), z.unknown()), 'provider and version') } });
  r.registerPath({ method: 'get', path: '/system/openapi.json', summary: 'This document', responses: { 200: json(z.record(z.string(), z.unknown()), 'OpenAPI 3 document') } });
  const body = {
    description: 'A StepRequest (JSON), a store notification, or for ctffind/pick a micrograph (MRC) as the body',
    content: {
      'application/json': { schema: StepRequest },
      'application/octet-stream': { schema: z.string().describe('MRC file bytes') },
    },
  };
  const stepResponses = {
    200: { description: 'the answer; with Accept: image/png, ctffind\'s spectrum or pick\'s overlay', content: { 'application/json': { schema: StepAnswer }, 'image/png': { schema: z.string() } } },
    400: err('bad request or input'), 404: err('no such function or input'), 413: err('body over MAX_RAW_SIZE / MAX_JSON_SIZE (named)'), 415: err('a body the step does not take (names what it takes)'),
  };
  const headers = z.object({ 'x-step-params': z.string().optional().describe('step parameters as a JSON object (bytes in)'), accept: z.string().optional() });
  for (const [path, params] of [['/function/{name}', NameParam], ['/function/{name}/{rest}', RestParams]] as const) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch'] as const) {
      r.registerPath({ method, path, summary: 'Call a function synchronously (steps: see README "Calling a step over HTTP")', request: { params, query: StepQuery, headers, ...(method === 'get' ? {} : { body }) }, responses: stepResponses });
    }
  }
  for (const [path, params] of [['/async-function/{name}', NameParam], ['/async-function/{name}/{rest}', RestParams]] as const) {
    r.registerPath({
      method: 'post', path, summary: 'Queue a call; the answer is POSTed to X-Callback-Url with X-Call-Id and X-Function-Status',
      request: { params, query: StepQuery, headers: headers.extend({
        'x-callback-url': z.string().optional().describe('http(s) URL receiving the answer'),
        'x-call-id': z.string().optional().describe('the id to use for this call (kept, as OpenFaaS does): 1-64 letters, digits or "-", not already queued'),
        'x-event-source': z.string().optional().describe('who sent the call (the connector: "connector webhook"); with X-Event-Time it starts the trace'),
        'x-event-time': z.string().optional().describe('ISO time the sender received the store event'),
      }), body },
      responses: { 202: { description: 'queued; X-Call-Id names the call', headers: { 'X-Call-Id': { schema: { type: 'string' } } } }, 400: err('bad callback URL, JSON or X-Call-Id'), 404: err('no such function'), 409: err('X-Call-Id already queued or dead-lettered'), 413: err('body over the async limit') },
    });
  }
}

/** The whole document: the gateway's routes, then each contribution under its mount path. */
export function buildOpenApi(
  contributions: { path: string; openapi: OpenApiContribution }[] = [],
  ops: OpsRoutes = { metrics: false, deadLetters: false, trace: false },
): ReturnType<OpenApiGeneratorV3['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'basicAuth', { type: 'http', scheme: 'basic' });
  gatewayPaths(registry);
  describeOps(registry, ops);
  for (const c of contributions) c.openapi(registry, c.path);
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: 'cryoem-daq gateway', version: '1', description: 'OpenFaaS-compatible gateway of cryoem-daq, with the routers mounted in it (the dashboard at /ui).' },
    security: [{ basicAuth: [] }],
  });
}
