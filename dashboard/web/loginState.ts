// Who is logged in and what they may do per experiment (GET /ui/api/me), shared by the page's components and asked
// again every 30 s and after an access change, because windows open and close while a page stays open.
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';
import type { Decision } from '../../lib/access/index.js';
import type { Me, PageAction } from '../server/authRights.js';

export type { ExperimentRights, Me, PageAction } from '../server/authRights.js';

const REFRESH_MS = 30_000;
const listeners = new Set<(me: Me | null) => void>();
let current: Me | null = null;
let timer: ReturnType<typeof setInterval> | undefined;

/** Asks the server again and tells every component (after the admin page changes a window or a member). */
export async function refreshMe(): Promise<void> {
  try {
    current = await getJson<Me>('me');
  } catch {
    current = null; // access control off (404) or the session ended: components fall back to "allowed"
  }
  for (const l of listeners) l(current);
}

export function useMe(): Me | null {
  const [me, setMe] = useState<Me | null>(current);
  useEffect(() => {
    listeners.add(setMe);
    if (!timer) {
      timer = setInterval(() => void refreshMe(), REFRESH_MS);
      void refreshMe();
    }
    return () => { listeners.delete(setMe); };
  }, []);
  return me;
}

/** What decide() said about `action` on `experiment`; undefined while unknown (or with access control off). */
export function rightOf(me: Me | null, experiment: string, action: PageAction): Decision | undefined {
  if (!me) return undefined;
  if (me.admin) return { allow: true, reason: `${me.name} is an administrator` };
  return me.experiments.find((e) => e.name === experiment)?.rights[action] ?? { allow: false, reason: `${me.name} is not a member of experiment ${experiment}` };
}
