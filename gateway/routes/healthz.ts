// GET /healthz: 200 while the gateway serves (OpenFaaS gateway contract).
import { Router } from 'express';

export function healthzRouter(): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.type('text/plain').send('OK');
  });
  return router;
}
