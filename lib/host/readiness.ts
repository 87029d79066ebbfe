// What `/_/ready` waits for besides the handler module (main.ts loads that before it listens).
import { sharedWorkerPool, type WorkerPool } from '../parallel/workerPool.js';

/**
 * With WORKER_WARM=true (motioncor) the host is ready once the warm pool's threads are all up: a movie
 * routed earlier would wait for them or run on the host's own thread. Otherwise it is ready at once.
 * `pool` is for tests; by default the process-wide pool, which the handler module may already have made.
 */
export function hostReadiness(env: NodeJS.ProcessEnv, pool: () => WorkerPool = () => sharedWorkerPool(env)): () => boolean {
  if (env.WORKER_WARM !== 'true') return () => true;
  const p = pool();
  return () => p.isWarm();
}
