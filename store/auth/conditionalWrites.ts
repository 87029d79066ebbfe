// Conditional writes for the embedded store: s3rver ignores If-Match / If-None-Match on PUT, where S3 and MinIO answer
// 412 when the object changed. Every write of a key here passes through one lock per key, and a conditional write
// compares the key's current ETag while holding it, so "compare, then write" is one step against every other write
// of that key this process serves (the only process writing the store's folder).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { putConditionProblem } from '../../lib/store/objectStore.js';
import type { PutConditions } from '../../lib/store/objectStore.js';
import type { RequestNames } from './requestNames.js';
import { S3RequestError } from './s3Error.js';

/** The current ETag of an object (unquoted), or null when there is none. */
export type CurrentEtag = (bucket: string, key: string) => Promise<string | null>;

export interface ConditionalWrites {
  /**
   * Runs `serve` (which hands the request to s3rver) for `req`; an object write waits for the key's earlier writes
   * to answer, and a conditional one is refused with PreconditionFailed (412) / NoSuchKey (404) when its condition
   * does not hold. Rejects with an S3RequestError before `serve` runs when it refuses.
   */
  serve(req: IncomingMessage, res: ServerResponse, names: RequestNames, serve: () => void): Promise<void>;
}

/** Whether the request replaces or removes a whole object (PUT, copy, multipart complete, DELETE), not a part or a subresource. */
function isObjectWrite(method: string, query: URLSearchParams, key: string): boolean {
  if (!key || query.has('tagging') || query.has('acl')) return false;
  if (method === 'PUT') return !query.has('uploadId');
  if (method === 'POST') return query.has('uploadId');
  return method === 'DELETE' && !query.has('uploadId');
}

function conditionsOf(req: IncomingMessage): PutConditions {
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new S3RequestError('NotImplemented', `If-None-Match ${JSON.stringify(ifNoneMatch)} on a write: only "*" (create if absent) is supported`);
  }
  return { ...(ifMatch !== undefined ? { ifMatch } : {}), ...(ifNoneMatch !== undefined ? { ifNoneMatch: '*' as const } : {}) };
}

export function conditionalWrites(currentEtag: CurrentEtag): ConditionalWrites {
  /** Per key: the promise that settles when the key's latest queued write has been answered. */
  const tails = new Map<string, Promise<void>>();

  return {
    async serve(req, res, names, serve) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
      const method = req.method ?? 'GET';
      if (!isObjectWrite(method, query, names.key)) {
        serve();
        return;
      }
      const conditions = method === 'DELETE' ? {} : conditionsOf(req);
      const id = `${names.bucket}/${names.key}`;
      const before = tails.get(id) ?? Promise.resolve();
      let release = (): void => undefined;
      const mine = new Promise<void>((resolve) => { release = resolve; });
      const tail = before.then(() => mine);
      tails.set(id, tail);
      void tail.then(() => { if (tails.get(id) === tail) tails.delete(id); });
      await before;
      try {
        if (conditions.ifMatch !== undefined || conditions.ifNoneMatch !== undefined) {
          const current = await currentEtag(names.bucket, names.key);
          const problem = putConditionProblem(current, conditions);
          if (problem) {
            const code = current === null && conditions.ifMatch !== undefined ? 'NoSuchKey' : 'PreconditionFailed';
            throw new S3RequestError(code, `object ${JSON.stringify(id)} was not written: ${problem}`);
          }
        }
      } catch (err) {
        release();
        throw err;
      }
      // Held until the answer is sent (or the client went away): s3rver has committed the object or failed by then.
      if (req.socket.destroyed) {
        release(); // gave up while waiting for the key: nothing to write
        return;
      }
      res.once('close', release);
      serve();
    },
  };
}
