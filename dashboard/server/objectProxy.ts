// GET /objects?key=processed/...: streams one image or text output of a step to the page (processed/ and params/ only).
import { Router } from 'express';
import { z } from 'zod';
import type { ObjectStore } from '../../lib/store/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { parseBody } from './validate.js';

export const ObjectQuery = z.object({ key: z.string().regex(/^processed\/[^/]+\/[^/]+\/.+\.(png|txt|star|json)$/, 'a processed/<e>/<s>/… .png, .txt, .star or .json key') });
const TYPES: Record<string, string> = { png: 'image/png', txt: 'text/plain; charset=utf-8', star: 'text/plain; charset=utf-8', json: 'application/json' };

export function objectProxyRouter(store: ObjectStore): Router {
  const router = Router();
  router.get('/objects', async (req, res) => {
    const { key } = parseBody(ObjectQuery, req.query, 'object');
    const info = await store.head(key);
    if (!info) throw new NotFoundError(`object "${key}" does not exist`);
    res.setHeader('content-type', TYPES[key.slice(key.lastIndexOf('.') + 1)]);
    res.setHeader('etag', `"${info.etag}"`);
    res.setHeader('cache-control', 'no-cache');
    if (req.headers['if-none-match'] === `"${info.etag}"`) { res.status(304).end(); return; }
    res.send(Buffer.from(await store.getBytes(key)));
  });
  return router;
}
