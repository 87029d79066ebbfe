// GET /sessions/:experiment/:session/bundle?what=selected|all: the session bundle as a streamed tar (lib/bundle).
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Router } from 'express';
import { z } from 'zod';
import { planBundle, writeBundleTar } from '../../lib/bundle/index.js';
import { createLogger } from '../../lib/log.js';
import type { ObjectStore } from '../../lib/store/index.js';
import { parseBody, Segment } from './validate.js';

export interface BundleRouteDeps {
  s3: S3Client;
  store: ObjectStore;
  /** Endpoint users reach the store at (presigned links and the aws/rclone commands). */
  endpoint: string;
  /** Lifetime of the raw movies' presigned links. @default 7 days (SigV4's longest) */
  linkSeconds?: number;
}

const SessionPath = z.object({ experiment: Segment, session: Segment });
export const BundleQuery = z.object({ what: z.enum(['selected', 'all']).default('selected') });
const log = createLogger('dashboard.bundle');

export function bundleRouter(deps: BundleRouteDeps): Router {
  const router = Router();
  router.get('/sessions/:experiment/:session/bundle', async (req, res) => {
    const p = parseBody(SessionPath, req.params, 'session');
    const { what } = parseBody(BundleQuery, req.query, 'bundle');
    // Planned before any byte is sent, so a bad session or curation.json is still a clean 4xx/5xx.
    const plan = await planBundle(deps.store, p, what);
    res.status(200).type('application/x-tar').attachment(`${p.experiment}-${p.session}-${what}.tar`);
    try {
      await writeBundleTar(deps.store, p, plan, res, {
        bucket: deps.store.bucket, endpoint: deps.endpoint, expiresSeconds: deps.linkSeconds ?? 7 * 24 * 3600,
        presign: (key, seconds) => getSignedUrl(deps.s3, new GetObjectCommand({ Bucket: deps.store.bucket, Key: key }), { expiresIn: seconds }),
      });
    } catch (err) {
      // Headers are out: the only honest signal left is a cut connection (the tar lacks its end blocks).
      log.error('bundle failed mid-stream', { session: `${p.experiment}/${p.session}`, error: err instanceof Error ? err.message : String(err) });
      res.destroy(err instanceof Error ? err : undefined);
    }
  });
  return router;
}
