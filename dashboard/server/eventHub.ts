// Server-sent events for the dashboard: every store object event, as {key, event, experiment, session, movie, kind, step};
// a page whose res.locals.visible names experiments (accessGuard.ts) gets only theirs, never keys outside an experiment.
import type { Request, Response } from 'express';
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
  /** Connected pages. */
  clients(): number;
  /** Ends every open stream (the gateway is stopping). */
  close(): void;
}

/** @param heartbeatMs comment line sent this often so proxies keep the stream open. */
export function createEventHub(heartbeatMs = 15_000): EventHub {
  // Each open page with the experiments it may see (undefined: every event, as before access control).
  const open = new Map<Response, Set<string> | undefined>();
  const timer = setInterval(() => { for (const res of open.keys()) res.write(': ping\n\n'); }, heartbeatMs);
  timer.unref();
  return {
    publish(key, eventName) {
      const info = keyInfo(key);
      const data: UiEvent = { key, event: eventName, ...(info ?? {}) };
      const line = `data: ${JSON.stringify(data)}\n\n`;
      for (const [res, visible] of open) {
        if (!visible || (info && visible.has(info.experiment))) res.write(line);
      }
    },
    handle(req, res) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 1000\n: connected\n\n');
      const visible: unknown = res.locals.visible;
      open.set(res, visible instanceof Set ? (visible as Set<string>) : undefined);
      req.on('close', () => open.delete(res));
    },
    clients: () => open.size,
    close() {
      clearInterval(timer);
      for (const res of open.keys()) res.end();
      open.clear();
    },
  };
}
