// Access page: one card per experiment (windows, members, what the viewer may do there) with the forms the viewer
// may use — administrators add windows and members of any role; an operator adds collaborators inside the window.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { sendJson } from './api.js';
import { ActionForm, field, text, utcIso, utcText } from './adminPageForms.js';
import type { Member, Window } from '../../lib/access/index.js';
import type { ExperimentRights } from './loginState.js';

export interface ExperimentRow { name: string; members: Member[]; windows: Window[] }

const seg = encodeURIComponent;
const ROLES = ['operator', 'collaborator', 'researcher'] as const;

function windowForm(name: string, changed: () => void): ComponentChild {
  return h(ActionForm, {
    name: 'add-window',
    submit: async (d) => {
      const w = { microscope: text(d, 'microscope'), from: utcIso(text(d, 'from')), to: utcIso(text(d, 'to')) };
      await sendJson('POST', 'access/experiments', { name, windows: [w] });
      changed();
      return `window ${utcText(w.from)} to ${utcText(w.to)} booked`;
    },
    children: [field('from', 'from (UTC)', { type: 'datetime-local' }), field('to', 'to (UTC)', { type: 'datetime-local' }),
      field('microscope', 'microscope', { required: false }), h('button', { type: 'submit' }, 'Book window')],
  });
}

function memberForm(name: string, admin: boolean, changed: () => void): ComponentChild {
  return h(ActionForm, {
    name: admin ? 'add-member' : 'add-collaborator',
    submit: async (d) => {
      const role = admin ? text(d, 'role') : 'collaborator';
      await sendJson('POST', `access/experiments/${seg(name)}/members`, { user: text(d, 'user'), role });
      changed();
      return `${text(d, 'user')} is now ${role} of ${name}`;
    },
    children: [field('user', 'user'),
      admin ? h('label', null, 'role ', h('select', { name: 'role' }, ...ROLES.map((r) => h('option', { value: r }, r)))) : null,
      h('button', { type: 'submit' }, admin ? 'Add member' : 'Add collaborator')],
  });
}

export function ExperimentCard({ experiment, rights, admin, changed }: { experiment: ExperimentRow; rights?: ExperimentRights; admin: boolean; changed: () => void }): ComponentChild {
  const { name, members, windows } = experiment;
  const upload = rights?.rights.upload;
  const mayAdd = admin || rights?.rights.addCollaborator.allow === true;
  return h('section', { class: 'experiment-card', 'data-experiment': name },
    h('h3', null, `Experiment ${name}`, rights?.role ? h('span', { class: 'role' }, ` — you are ${rights.role}`) : null),
    upload ? h('p', { class: upload.allow ? 'ok' : 'hint', 'data-right': 'upload' }, upload.allow ? `Upload open: ${upload.reason}` : `Upload closed: ${upload.reason}`) : null,
    h('h4', null, 'Booked windows'),
    windows.length ? h('ul', { class: 'windows' }, ...windows.map((w) => h('li', { key: w.from }, `${utcText(w.from)} to ${utcText(w.to)}${w.microscope ? ` on ${w.microscope}` : ''}`)))
      : h('p', { class: 'hint' }, 'none booked'),
    admin ? windowForm(name, changed) : null,
    h('h4', null, 'Members'),
    h('ul', { class: 'members' }, ...members.map((m) => h('li', { key: m.user, 'data-member': m.user }, `${m.user} (${m.role}${m.fromGroups ? `, from group ${m.fromGroups.join(', ')}` : ''})`))),
    mayAdd ? memberForm(name, admin, changed) : rights?.role === 'operator' ? h('p', { class: 'hint' }, rights.rights.addCollaborator.reason) : null,
  );
}

export function addExperimentForm(changed: () => void): ComponentChild {
  return h(ActionForm, {
    name: 'add-experiment',
    submit: async (d) => {
      await sendJson('POST', 'access/experiments', { name: text(d, 'name') });
      changed();
      return `experiment ${text(d, 'name')} added`;
    },
    children: [field('name', 'experiment'), h('button', { type: 'submit' }, 'Add experiment')],
  });
}
