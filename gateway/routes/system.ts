// /system/*: list and inspect functions (from stack.yml), scale one, gateway info, the OpenAPI document. Deploys come from stack.yml only.
import { Router } from 'express';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../../lib/errors.js';
import { formatIssues, scaleRange } from '../../lib/stack/index.js';
import type { FunctionManager } from '../functions/startFunctions.js';
import { functionStatus } from './functionStatus.js';
import { parseJsonBody, readBodyLimited } from './readBodyLimited.js';

/** Body of POST /system/scale-function/:name (OpenFaaS ScaleServiceRequest). */
export const ScaleRequestSchema = z.object({
  serviceName: z.string().optional(),
  namespace: z.string().optional(),
  replicas: z.number().int().min(0).max(1000),
});

export interface SystemRouterDeps {
  functions: FunctionManager;
  startedAt: Date;
  /** The OpenAPI document served at /system/openapi.json. */
  openapi: () => unknown;
}

/** Strips an OpenFaaS ".namespace" suffix from a function name in a path. */
export function functionName(raw: string): string {
  return raw.split('.')[0];
}

export function systemRouter(deps: SystemRouterDeps): Router {
  const router = Router();
  const lookup = (raw: string) => {
    const fn = deps.functions.get(functionName(raw));
    if (!fn) throw new NotFoundError(`function "${raw}" not found in the stack`);
    return fn;
  };
  router.get('/system/functions', (_req, res) => {
    res.json(deps.functions.names().map((n) => functionStatus(deps.functions.get(n)!, deps.startedAt)));
  });
  router.get('/system/function/:name', (req, res) => {
    res.json(functionStatus(lookup(req.params.name), deps.startedAt));
  });
  router.post('/system/scale-function/:name', async (req, res) => {
    const fn = lookup(req.params.name);
    const what = `scale request for "${fn.name}"`;
    const parsed = ScaleRequestSchema.safeParse(parseJsonBody(await readBodyLimited(req, 64 * 1024, what), what));
    if (!parsed.success) throw new InvalidInputError(`${what}: ${formatIssues(parsed.error)}`);
    // Refused, not clamped: whoever asked learns at once that the stack's labels disagree, instead of a 202 that did something else.
    const { min, max, zero } = scaleRange(fn.name, fn.definition);
    const n = parsed.data.replicas;
    if ((n < min && !(n === 0 && zero)) || n > max) {
      throw new InvalidInputError(`${what}: replicas ${n} outside com.openfaas.scale.min..max ${min}..${max}${zero ? ' (or 0)' : ''} in stack.yml`);
    }
    await fn.scale(n);
    res.status(202).json({ name: fn.name, replicas: parsed.data.replicas });
  });
  router.get('/system/openapi.json', (_req, res) => {
    res.json(deps.openapi());
  });
  router.get('/system/info', (_req, res) => {
    res.json({ provider: { provider: 'cryoem-daq', orchestration: 'process', version: { release: '1' } }, version: { release: '1' }, arch: process.arch });
  });
  return router;
}
