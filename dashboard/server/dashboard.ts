// The dashboard: /ui/api/* (sessions, objects, events, uploads, parameters, reprocess) and the page built from
// dashboard/web into dashboard/dist (`npm run build:ui`). It is an express router: the single-machine stack mounts
// it in the gateway behind the gateway's auth; it does not start on its own.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { sameOriginWrites } from './sameOrigin.js';
import type { Access, OidcSettings } from '../../lib/access/index.js';
import { accessGuard, visibleExperiments } from './accessGuard.js';
import { accessRouter } from './accessRoutes.js';
import { loginRouter } from './loginRoutes.js';
import { meRouter } from './authRights.js';
import express, { Router } from 'express';
import { createS3Client } from '../../lib/store/index.js';
import type { ObjectStore, StoreConfig } from '../../lib/store/index.js';
import { bundleRouter } from './bundleRoute.js';
import { curationRouter } from './curationRoutes.js';
import { createEventHub } from './eventHub.js';
import type { EventHub } from './eventHub.js';
import { createRowCache } from './movieRows.js';
import { objectProxyRouter } from './objectProxy.js';
import { opsRouter } from './opsRoutes.js';
import { createSessionIndex } from './sessionIndex.js';
import { describeDashboard } from './openapi.js';
import { sessionRouter } from './sessionRoutes.js';
import { uploadRouter } from './uploads.js';

export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

export interface DashboardOptions {
  storeConfig: StoreConfig;
  store: ObjectStore;
  /** The gateway's URL and basic auth (known only once it listens), for reprocess calls. */
  gateway: () => { url: string; user?: string; password?: string };
  /** Built page. @default dashboard/dist */
  distDir?: string;
  /** Multipart part size handed to the page. @default 8 MiB */
  partSizeBytes?: number;
  /** Access control (lib/access): per-route checks, filtered lists and events, the /access admin API. */
  access?: Access;
  /** "Sign in with <provider>" on the login page (lib/access loadOidcSettings; OIDC_* variables). */
  oidc?: OidcSettings;
  /** The embedded store's key table, for users' S3 keys (/access/s3-keys). */
  keyTableFile?: string;
  /** Store events waiting for webhook delivery, for the operations page (/ops/overview). */
  webhookBacklog?: () => Promise<number>;
}

export interface Dashboard {
  /** Mount at /ui behind the gateway's auth. */
  router: Router;
  /** Mount at /ui before the gateway's auth (login page, logout, session cookie); only with `access`. */
  front?: Router;
  /** Adds the dashboard's routes to the gateway's OpenAPI document (mounted at `mount`). */
  openapi: typeof describeDashboard;
  events: EventHub;
  /** Lets the dashboard's own pages (and no other origin) PUT parts to the store and read their ETag (bucket CORS). */
  configureStoreCors(origins: string[]): Promise<void>;
  close(): void;
}

export function createDashboard(options: DashboardOptions): Dashboard {
  const s3 = createS3Client(options.storeConfig);
  const hub = createEventHub();
  const sessions = createSessionIndex(options.store);
  // Each store event updates the session summaries, then reaches the open pages.
  const events: EventHub = { ...hub, publish: (key, eventName) => { sessions.apply(key, eventName); hub.publish(key, eventName); } };
  // List the bucket once now, not at the first page load; a failure here is retried (and reported) by that request.
  sessions.warm(() => undefined);
  const api = Router();
  api.use(sameOriginWrites(/\/gain$/));
  api.use(express.json({ limit: '1mb' }));
  if (options.access) {
    api.use(meRouter(options.access)); // before the guard: /me answers for the caller only
    api.use(accessGuard(options.access));
    api.get(['/sessions', '/events'], visibleExperiments(options.access));
    api.use(accessRouter({ access: options.access, bucket: options.store.bucket, keyTableFile: options.keyTableFile }));
  }
  api.get('/events', (req, res) => events.handle(req, res));
  api.use(objectProxyRouter(options.store));
  api.use(uploadRouter({ s3, store: options.store, partSizeBytes: options.partSizeBytes }));
  api.use(curationRouter({ store: options.store }));
  api.use(bundleRouter({ s3, store: options.store, endpoint: options.storeConfig.endpoint }));
  api.use(sessionRouter({
    store: options.store, cache: createRowCache(), sessions,
    gateway: () => {
      const g = options.gateway();
      return { url: g.url, ...(g.user ? { authorization: `Basic ${Buffer.from(`${g.user}:${g.password ?? ''}`).toString('base64')}` } : {}) };
    },
  }));
  // Operations (admins only: the access guard sends routes it does not list to its admin check).
  api.use(opsRouter({
    webhookBacklog: options.webhookBacklog,
    gateway: () => {
      const g = options.gateway();
      return { url: g.url, ...(g.user ? { authorization: `Basic ${Buffer.from(`${g.user}:${g.password ?? ''}`).toString('base64')}` } : {}) };
    },
  }));
  const router = Router();
  router.use('/api', api);
  const dist = options.distDir ?? DEFAULT_DIST_DIR;
  router.use(express.static(dist, { index: 'index.html' }));
  // Client-side routes (#/… is used, but a reload of /ui/anything still gets the page).
  router.get('/{*rest}', (_req, res) => {
    if (!existsSync(`${dist}/index.html`)) { res.status(503).type('text/plain').send(`dashboard not built: run "npm run build:ui" (looked in ${dist})`); return; }
    res.sendFile('index.html', { root: dist });
  });
  return {
    router,
    front: options.access ? loginRouter({ access: options.access, admin: options.gateway, oidc: options.oidc }) : undefined,
    openapi: describeDashboard,
    events,
    async configureStoreCors(origins) {
      await s3.send(new PutBucketCorsCommand({
        Bucket: options.storeConfig.bucket,
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: origins, AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 }] },
      }));
    },
    close: () => events.close(),
  };
}
