// Server-sent events for the dashboard: every store object event, as {key, event, experiment, session, movie, kind, step}.
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
  const open = new Set<Response>();
  const timer = setInterval(() => { for (const res of open) res.write(': ping\n\n'); }, heartbeatMs);
  timer.unref();
  return {
    publish(key, eventName) {
      const info = keyInfo(key);
      const data: UiEvent = { key, event: eventName, ...(info ?? {}) };
      const line = `data: ${JSON.stringify(data)}\n\n`;
      for (const res of open) res.write(line);
    },
    handle(req, res) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 1000\n: connected\n\n');
      open.add(res);
      req.on('close', () => open.delete(res));
    },
    clients: () => open.size,
    close() {
      clearInterval(timer);
      for (const res of open) res.end();
      open.clear();
    },
  };
}
