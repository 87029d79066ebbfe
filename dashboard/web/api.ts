// The page's calls to /ui/api (same origin, so the browser resends the gateway's basic auth).
import type { MovieRow, SessionDetail, SessionSummary } from '../server/types.js';

export type { MovieRow, PickInfo, SessionDetail, SessionSummary, StepStatus, UiStep } from '../server/types.js';
export { UI_STEPS } from '../server/types.js';

/** API base: the page is served at /ui/, so ./api works from any hash route. */
export const API = new URL('api/', new URL('.', location.href.split('#')[0])).href;

/** The error text the server sent ({error}), or the status line. */
export async function errorText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: string };
    return body.error ?? `${res.status} ${res.statusText}`;
  } catch {
    return `${res.status} ${res.statusText}`;
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(API + path);
  if (!res.ok) throw new Error(await errorText(res));
  return (await res.json()) as T;
}

export async function sendJson<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
  const res = await fetch(API + path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(await errorText(res));
  return (await res.json()) as T;
}

const seg = (s: string) => encodeURIComponent(s);
export const sessionPath = (e: string, s: string) => `sessions/${seg(e)}/${seg(s)}`;
export const listSessions = () => getJson<{ sessions: SessionSummary[] }>('sessions');
export const getSession = (e: string, s: string) => getJson<SessionDetail>(sessionPath(e, s));
export const getMovie = (e: string, s: string, movie: string) => getJson<MovieRow>(`${sessionPath(e, s)}/movie?name=${seg(movie)}`);
export const objectUrl = (key: string) => `${API}objects?key=${seg(key)}`;
