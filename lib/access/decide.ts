// The one access decision: (who, the experiment as stored, what, when) → allow or deny with a reason a person reads.
// Pure: no I/O, time passed in, so the rights table is tested as a table (test/lib/access/decide.test.ts).
import type { Experiment, Principal, Role, Window } from './model.js';

export const ACTIONS = ['view', 'upload', 'editParams', 'reprocess', 'call', 'download', 'addCollaborator', 'admin'] as const;
export type AccessAction = (typeof ACTIONS)[number];

export interface Decision {
  allow: boolean;
  reason: string;
}

export interface DecideOptions {
  /** Seconds a window is widened by on each side (the operator setting up early, finishing late). @default 0 */
  graceSeconds?: number;
}

const WHAT: Record<AccessAction, string> = {
  view: 'see', upload: 'upload into', editParams: 'edit the parameters of', reprocess: 'reprocess',
  call: 'call steps on the keys of', download: 'download the data of', addCollaborator: 'add collaborators to', admin: 'administer',
};

/** Roles allowed each action at any time, and those allowed only inside a booked window. */
const ANY_TIME: Record<AccessAction, readonly Role[]> = {
  view: ['operator', 'collaborator', 'researcher'],
  call: ['operator', 'collaborator', 'researcher'],
  download: ['operator', 'collaborator', 'researcher'],
  reprocess: ['researcher'],
  upload: [], editParams: [], addCollaborator: [], admin: [],
};
const IN_WINDOW: Record<AccessAction, readonly Role[]> = {
  upload: ['operator', 'collaborator'],
  editParams: ['operator', 'collaborator'],
  reprocess: ['operator', 'collaborator'],
  addCollaborator: ['operator'],
  view: [], call: [], download: [], admin: [],
};

/** `2026-03-04T18:00:00.000Z` → `2026-03-04 18:00 UTC` (seconds only when not zero). */
export function utc(iso: string): string {
  const d = new Date(iso);
  const s = d.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, d.getUTCSeconds() ? 19 : 16)} UTC`;
}

function windowState(name: string, windows: readonly Window[], now: Date, graceMs: number): Decision {
  const t = now.getTime();
  const open = windows.find((w) => Date.parse(w.from) - graceMs <= t && t <= Date.parse(w.to) + graceMs);
  if (open) return { allow: true, reason: `experiment ${name} is inside its booked window (${utc(open.from)} to ${utc(open.to)})` };
  if (windows.length === 0) return { allow: false, reason: `experiment ${name} has no booked window` };
  const ended = windows.filter((w) => Date.parse(w.to) < t).sort((a, b) => Date.parse(b.to) - Date.parse(a.to))[0];
  const next = windows.filter((w) => Date.parse(w.from) > t).sort((a, b) => Date.parse(a.from) - Date.parse(b.from))[0];
  const parts = [ended && `which ended at ${utc(ended.to)}`, next && `the next one starts at ${utc(next.from)}`].filter(Boolean);
  return { allow: false, reason: `experiment ${name} is outside its booked window, ${parts.join('; ')}` };
}

export function decide(principal: Principal, experiment: Experiment | undefined, action: AccessAction, now: Date, options: DecideOptions = {}): Decision {
  if (principal.kind === 'admin' || principal.user.admin) return { allow: true, reason: `${principal.kind === 'admin' ? principal.name : principal.user.name} is an administrator` };
  const who = principal.user.name;
  if (!principal.user.enabled) return { allow: false, reason: `user ${who} is disabled` };
  if (action === 'admin') return { allow: false, reason: `${who} is not an administrator: only administrators manage users, experiments, windows, keys and the audit log` };
  if (!experiment) return { allow: false, reason: `${who} may not ${WHAT[action]} this experiment: it is not registered (an administrator adds it with "cryoem-daq access experiment add")` };
  const role = experiment.members.find((m) => m.user === who)?.role;
  if (!role) return { allow: false, reason: `${who} is not a member of experiment ${experiment.name}` };
  if (ANY_TIME[action].includes(role)) return { allow: true, reason: `${who} is ${role} of experiment ${experiment.name}` };
  if (!IN_WINDOW[action].includes(role)) return { allow: false, reason: `${who} is ${role} of experiment ${experiment.name}, and a ${role} may not ${WHAT[action]} it` };
  const w = windowState(experiment.name, experiment.windows, now, (options.graceSeconds ?? 0) * 1000);
  return w.allow
    ? { allow: true, reason: `${who} is ${role} of experiment ${experiment.name} and ${w.reason}` }
    : { allow: false, reason: `${who} may not ${WHAT[action]} experiment ${experiment.name} now: ${w.reason}` };
}
