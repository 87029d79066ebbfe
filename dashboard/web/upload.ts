// Browser → store upload of one file: presigned multipart parts in parallel, progress, resume from localStorage.
import { API, errorText, sendJson } from './api.js';
import { refusal } from './magic.js';

export interface UploadProgress {
  name: string;
  /** 0..1 */
  fraction: number;
  state: 'checking' | 'uploading' | 'done' | 'refused' | 'failed';
  message?: string;
}

interface Record_ { key: string; uploadId: string; partSize: number; partCount: number; done: Record<number, string> }

const HEAD_BYTES = 4096;
const PARALLEL = 4;
const RETRIES = 3;
const STORE_PREFIX = 'cryoem-upload:';

/** localStorage key of a file's unfinished upload (same session, name, size and date = same file). */
export const resumeKey = (exp: string, session: string, f: File) => `${STORE_PREFIX}${exp}/${session}/${f.name}:${f.size}:${f.lastModified}`;

/** Unfinished uploads kept from earlier pages, as "name" strings, for a "drop again to resume" hint. */
export function pendingUploads(exp: string, session: string): string[] {
  const prefix = `${STORE_PREFIX}${exp}/${session}/`;
  return Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).replace(/:\d+:\d+$/, ''));
}

function putPart(url: string, body: Blob, onLoaded: (bytes: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (e) => onLoaded(e.loaded);
    xhr.onload = () => {
      const etag = xhr.getResponseHeader('ETag');
      if (xhr.status === 200 && etag) resolve(etag.replace(/"/g, ''));
      else reject(new Error(`part upload answered ${xhr.status}${etag ? '' : ' without an ETag'}`));
    };
    xhr.onerror = () => reject(new Error('network error during part upload'));
    xhr.send(body);
  });
}

async function withRetries<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= RETRIES) throw err;
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}

async function start(exp: string, session: string, file: File, head: Uint8Array): Promise<Record_> {
  let bin = '';
  for (const b of head) bin += String.fromCharCode(b);
  const body = { experiment: exp, session, fileName: file.name, size: file.size, head: btoa(bin) };
  try {
    return { ...(await sendJson<Omit<Record_, 'done'>>('POST', 'uploads', body)), done: {} };
  } catch (err) {
    // 409: the name exists. Offer "replace" (sending the existing movie's ETag) or "upload as a new name".
    const etag = /already exists \(ETag ([^)]+)\)/.exec(String(err))?.[1];
    if (!etag) throw err;
    if (window.confirm(`${file.name} already exists in ${exp}/${session}. OK replaces it; Cancel uploads it under a new name.`)) {
      return { ...(await sendJson<Omit<Record_, 'done'>>('POST', 'uploads', { ...body, replaceEtag: etag })), done: {} };
    }
    const renamed = file.name.replace(/(\.[^.]+)$/, `_${Date.now()}$1`);
    return { ...(await sendJson<Omit<Record_, 'done'>>('POST', 'uploads', { ...body, fileName: renamed })), done: {} };
  }
}

/** Uploads `file` into raw/<exp>/<session>/, reporting progress; refused files never leave the page. */
export async function uploadFile(exp: string, session: string, file: File, report: (p: UploadProgress) => void): Promise<void> {
  const name = file.name;
  report({ name, fraction: 0, state: 'checking' });
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const why = refusal(name, head);
  if (why) { report({ name, fraction: 0, state: 'refused', message: why }); return; }
  const rkey = resumeKey(exp, session, file);
  try {
    const saved = localStorage.getItem(rkey);
    const rec: Record_ = saved ? (JSON.parse(saved) as Record_) : await start(exp, session, file, head);
    const save = () => localStorage.setItem(rkey, JSON.stringify(rec));
    save();
    const loaded = new Map<number, number>();
    const partBytes = (n: number) => Math.min(rec.partSize, file.size - (n - 1) * rec.partSize);
    for (const n of Object.keys(rec.done)) loaded.set(Number(n), partBytes(Number(n)));
    const tick = () => report({ name, fraction: file.size ? [...loaded.values()].reduce((a, b) => a + b, 0) / file.size : 1, state: 'uploading' });
    tick();
    const todo = Array.from({ length: rec.partCount }, (_, i) => i + 1).filter((n) => !rec.done[n]);
    const { urls } = todo.length ? await sendJson<{ urls: { partNumber: number; url: string }[] }>('POST', 'uploads/parts', { key: rec.key, uploadId: rec.uploadId, partNumbers: todo }) : { urls: [] };
    let next = 0;
    await Promise.all(Array.from({ length: PARALLEL }, async () => {
      while (next < urls.length) {
        const { partNumber, url } = urls[next++];
        const blob = file.slice((partNumber - 1) * rec.partSize, partNumber * rec.partSize);
        rec.done[partNumber] = await withRetries(() => putPart(url, blob, (b) => { loaded.set(partNumber, b); tick(); }));
        loaded.set(partNumber, blob.size);
        save();
        tick();
      }
    }));
    const parts = Object.entries(rec.done).map(([n, etag]) => ({ partNumber: Number(n), etag }));
    const res = await fetch(`${API}uploads/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: rec.key, uploadId: rec.uploadId, parts }) });
    if (res.status === 400) { localStorage.removeItem(rkey); report({ name, fraction: 1, state: 'refused', message: await errorText(res) }); return; }
    if (!res.ok) throw new Error(await errorText(res));
    localStorage.removeItem(rkey);
    report({ name, fraction: 1, state: 'done' });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // A refusal at create time is final; anything else keeps the record so that dropping the file again resumes.
    if (/refused/.test(message)) { localStorage.removeItem(rkey); report({ name, fraction: 0, state: 'refused', message }); return; }
    report({ name, fraction: 0, state: 'failed', message: `${message} — drop the file again to resume` });
  }
}
