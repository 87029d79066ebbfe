// GET /ui/api/me: who the caller is and, per experiment they may see, what decide() says they may do now — so the
// page can disable the upload area (and other controls) with the reason the server would give when refusing.
import { Router } from 'express';
import type { Access, AccessAction, Decision, Member, Principal, Role, Window } from '../../lib/access/index.js';
import { principalName } from '../../lib/access/index.js';

/** The actions the page has controls for. */
export const PAGE_ACTIONS = ['view', 'upload', 'editParams', 'reprocess', 'download', 'addCollaborator'] as const satisfies readonly AccessAction[];
export type PageAction = (typeof PAGE_ACTIONS)[number];

export interface ExperimentRights {
  name: string;
  /** The caller's role; null for administrators who are not members. */
  role: Role | null;
  members: Member[];
  windows: Window[];
  rights: Record<PageAction, Decision>;
}

export interface Me {
  name: string;
  displayName: string;
  admin: boolean;
  /** Logged in with the session cookie (the page then offers logout). */
  session: boolean;
  /** When the rights were decided (windows open and close: the page asks again). */
  now: string;
  experiments: ExperimentRights[];
}

export function meRouter(access: Access): Router {
  const router = Router();
  router.get('/me', async (_req, res) => {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) { res.status(404).json({ error: 'GET /me: access control is off (no users configured)' }); return; }
    const [state, visible] = [await access.state.current(), await access.visible(principal)];
    const experiments = await Promise.all(state.experiments.filter((e) => visible === 'all' || visible.has(e.name)).map(async (e): Promise<ExperimentRights> => {
      const decisions = await Promise.all(PAGE_ACTIONS.map(async (a) => [a, await access.check(principal, e.name, a)] as const));
      const role = principal.kind === 'user' ? e.members.find((m) => m.user === principal.user.name)?.role ?? null : null;
      return { name: e.name, role, members: e.members, windows: e.windows, rights: Object.fromEntries(decisions) as Record<PageAction, Decision> };
    }));
    const me: Me = {
      name: principalName(principal),
      displayName: principal.kind === 'user' ? principal.user.displayName : '',
      admin: principal.kind === 'admin' || principal.user.admin,
      session: res.locals.viaSession === true,
      now: access.now().toISOString(),
      experiments,
    };
    res.set('Cache-Control', 'no-store').json(me);
  });
  return router;
}
