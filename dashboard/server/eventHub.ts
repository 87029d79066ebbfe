// Server-sent events for the dashboard: every store object event, as {key, event, experiment, session, movie, kind, step};
// a page whose res.locals.visible names experiments (accessGuard.ts) gets only theirs, never keys outside an experiment.
// What a stream may see is asked again with every heartbeat (res.locals.visibleNow): a member removed, a token
// revoked or an account disabled stops its open streams within one heartbeat, not at the next page load.
import type { Request, Response } from 'express';
import type { VisibleNow } from './accessGuard.js';
import { keyInfo } from './keyInfo.js';

export interface UiEvent {
  key: string;
  event: string;
  experiment?: string;
  session?: string;
  movie?: string;
  kind?: string;
  step?: string;
}

export interface EventHub {
  /** Tells every connected page about one object event (called from the store's event stream). */
  publish(key: string, eventName: string): void;
  /** Express handler for GET /events: keeps the response open as text/event-stream. */
  handle(req: Request, res: Response): void;
  /** Asks every stream's rights again: narrows or widens what it gets, and ends it once its caller is refused. */
  recheck(): Promise<void>;
  /** Connected pages. */
  clients(): number;
  /** Ends every open stream (the gateway is stopping). */
  close(): void;
}

/** Every event (no access control), or the experiments whose events this stream gets. */
type Scope = Set<string> | undefined;

const scopeOf = (visible: unknown): Scope => (visible instanceof Set ? (visible as Set<string>) : undefined);

/** @param heartbeatMs comment line sent this often so proxies keep the stream open; rights are rechecked as often. */
export function createEventHub(heartbeatMs = 15_000): EventHub {
  // Each open page with the experiments it may see, and how to ask again (absent without access control).
  const open = new Map<Response, { scope: Scope; visibleNow?: VisibleNow }>();
  async function recheck(): Promise<void> {
    await Promise.all([...open].map(async ([res, stream]) => {
      if (!stream.visibleNow) return;
      const now = await stream.visibleNow().catch(() => null);
      if (!open.has(res)) return; // closed meanwhile
      if (now === null) {
        open.delete(res);
        res.end();
      } else stream.scope = scopeOf(now);
    }));
  }
  const timer = setInterval(() => {
    for (const res of open.keys()) res.write(': ping\n\n');
    void recheck();
  }, heartbeatMs);
  timer.unref();
  return {
    publish(key, eventName) {
      const info = keyInfo(key);
      const data: UiEvent = { key, event: eventName, ...(info ?? {}) };
      const line = `data: ${JSON.stringify(data)}\n\n`;
      for (const [res, { scope }] of open) {
        if (!scope || (info && scope.has(info.experiment))) res.write(line);
      }
    },
    handle(req, res) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 1000\n: connected\n\n');
      const visibleNow = res.locals.visibleNow as VisibleNow | undefined;
      open.set(res, { scope: scopeOf(res.locals.visible), visibleNow });
      req.on('close', () => open.delete(res));
    },
    recheck,
    clients: () => open.size,
    close() {
      clearInterval(timer);
      for (const res of open.keys()) res.end();
      open.clear();
    },
  };
}
