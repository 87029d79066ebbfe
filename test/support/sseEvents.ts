// Reads the `data:` events of a text/event-stream response as they arrive (the dashboard's /ui/api/events).
export interface SseEvents<T> {
  /** Every event so far, in order. */
  events: T[];
  /** Resolves when the stream ends: the server closed it, or cancel() was called. */
  ended: Promise<void>;
  cancel(): Promise<void>;
}

export function readSseEvents<T>(res: Response): SseEvents<T> {
  if (!res.body) throw new Error(`event stream ${res.url}: the response has no body (status ${res.status})`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const events: T[] = [];
  const ended = (async () => {
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)) as T);
      }
    }
  })();
  return { events, ended, cancel: () => reader.cancel() };
}
