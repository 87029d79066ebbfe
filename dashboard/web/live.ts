// One EventSource for the page (/ui/api/events); components subscribe to the store's object events.
import { API } from './api.js';

export interface StoreEvent { key: string; event: string; experiment?: string; session?: string; movie?: string; kind?: string; step?: string }

const listeners = new Set<(e: StoreEvent) => void>();
let source: EventSource | null = null;

/** Calls `fn` for every object event; returns the unsubscribe function. */
export function onStoreEvent(fn: (e: StoreEvent) => void): () => void {
  if (!source) {
    source = new EventSource(`${API}events`);
    source.onmessage = (m: MessageEvent<string>) => {
      const e = JSON.parse(m.data) as StoreEvent;
      for (const l of listeners) l(e);
    };
  }
  listeners.add(fn);
  return () => { listeners.delete(fn); };
}
