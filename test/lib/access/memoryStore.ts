// An in-memory ObjectStore (ETag per write, key-ordered listing) for the access unit tests.
import type { ObjectInfo, ObjectStore } from '../../../lib/store/index.js';

export function memoryStore(): ObjectStore & { keys(): string[]; text(key: string): string } {
  const objects = new Map<string, { bytes: Uint8Array; etag: string }>();
  let n = 0;
  const info = (key: string): ObjectInfo | null => {
    const o = objects.get(key);
    return o ? { key, size: o.bytes.length, etag: o.etag, lastModified: new Date(0), metadata: {} } : null;
  };
  return {
    bucket: 'b',
    keys: () => [...objects.keys()].sort(),
    text: (key) => new TextDecoder().decode(objects.get(key)?.bytes),
    head: async (key) => info(key),
    getBytes: async (key) => objects.get(key)?.bytes ?? Promise.reject(new Error(`no ${key}`)),
    put: async (key, body) => {
      const etag = `e${++n}`;
      objects.set(key, { bytes: typeof body === 'string' ? new TextEncoder().encode(body) : body, etag });
      return { etag };
    },
    delete: async (key) => void objects.delete(key),
    async *list(prefix) { for (const key of [...objects.keys()].sort()) if (key.startsWith(prefix)) yield info(key)!; },
    getStream: () => Promise.reject(new Error('unused')),
    downloadToFile: () => Promise.reject(new Error('unused')),
    uploadFile: () => Promise.reject(new Error('unused')),
  };
}
