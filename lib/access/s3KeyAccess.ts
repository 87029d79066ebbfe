// What a user's S3 key may do right now: the store asks this for every request the key signs, against the live
// access state. It only maps the S3 request onto decide()'s actions (read → download, write into raw/<exp>/ →
// upload) on the experiment the key names; the rights themselves, windows and grace included, are decide()'s.
import { decide } from './decide.js';
import type { AccessAction } from './decide.js';
import { Name } from './model.js';
import type { AccessState } from './model.js';

export type S3KeyAction = 'read' | 'write' | 'delete';

export interface S3KeyDecision {
  allow: boolean;
  /** In words a person reads; the store sends it in the AccessDenied message. */
  reason: string;
  /** decide()'s action, when the request mapped onto one (audit). */
  action?: AccessAction;
  experiment?: string;
}

/** The prefixes a user key reaches, `<top>/<experiment>/…`; `_access/` and everything else stay out of reach. */
export const USER_KEY_TOPS = ['raw', 'processed', 'params'] as const;
/** Where a user key writes: uploads of movies and gain references, the mirror. */
const WRITE_TOP = 'raw';

/** `raw/A/s1/m.tif` → { top: raw, experiment: A }; a listing prefix must name the experiment and its slash. */
function experimentOf(key: string): { top: string; experiment: string } | null {
  const m = /^([^/]+)\/([^/]+)\//.exec(key);
  if (!m || !(USER_KEY_TOPS as readonly string[]).includes(m[1]) || !Name.safeParse(m[2]).success) return null;
  return { top: m[1], experiment: m[2] };
}

export function s3KeyDecision(state: AccessState, userName: string, action: S3KeyAction, key: string, now: Date, options: { graceSeconds: number }): S3KeyDecision {
  const user = state.users.find((u) => u.name === userName);
  if (!user) return { allow: false, reason: `the S3 key's user ${userName} no longer exists` };
  const where = experimentOf(key);
  if (!where) {
    return { allow: false, reason: `${userName}'s S3 key reaches only ${USER_KEY_TOPS.map((t) => `${t}/<experiment>/`).join(', ')}; ${JSON.stringify(key)} is outside them (list with a prefix such as raw/<experiment>/)` };
  }
  if (action === 'delete') return { allow: false, reason: `${userName}'s S3 key may not delete ${JSON.stringify(key)}: user keys never delete`, experiment: where.experiment };
  if (action === 'write' && where.top !== WRITE_TOP) {
    return { allow: false, reason: `${userName}'s S3 key may not write ${JSON.stringify(key)}: user keys write only into ${WRITE_TOP}/<experiment>/`, experiment: where.experiment };
  }
  const mapped: AccessAction = action === 'read' ? 'download' : 'upload';
  const d = decide({ kind: 'user', user }, state.experiments.find((e) => e.name === where.experiment), mapped, now, options);
  return { ...d, action: mapped, experiment: where.experiment };
}
