// Access page, administrators: the users (enable/disable) and a form to add one with a local password.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { sendJson } from './api.js';
import { ActionForm, field, text } from './adminPageForms.js';

export interface UserRow { name: string; displayName: string; enabled: boolean; admin: boolean; password: boolean }

const seg = encodeURIComponent;

export function UsersSection({ users, changed }: { users: UserRow[]; changed: () => void }): ComponentChild {
  const toggle = (u: UserRow) => void sendJson('PUT', `access/users/${seg(u.name)}`, { enabled: !u.enabled }).then(changed, (e: Error) => alert(e.message));
  return h('section', { class: 'access-users' },
    h('h2', null, 'Users'),
    h('table', { class: 'access' },
      h('thead', null, h('tr', null, ...['name', 'display name', 'login', 'admin', 'enabled', ''].map((c) => h('th', null, c)))),
      h('tbody', null, ...users.map((u) => h('tr', { key: u.name, 'data-user': u.name },
        h('td', null, u.name), h('td', null, u.displayName), h('td', null, u.password ? 'password' : 'identity provider'),
        h('td', null, u.admin ? 'yes' : ''), h('td', null, u.enabled ? 'yes' : 'no'),
        h('td', null, h('button', { type: 'button', onClick: () => toggle(u) }, u.enabled ? 'Disable' : 'Enable')),
      )))),
    h(ActionForm, {
      name: 'add-user',
      submit: async (d) => {
        await sendJson('POST', 'access/users', { name: text(d, 'name'), displayName: text(d, 'displayName'), password: String(d.get('password') ?? ''), admin: d.get('admin') === 'on' });
        changed();
        return `user ${text(d, 'name')} added`;
      },
      children: [
        field('name', 'name'), field('displayName', 'display name', { required: false }),
        field('password', 'password', { type: 'password', minLength: 8, autocomplete: 'new-password' }),
        h('label', null, h('input', { type: 'checkbox', name: 'admin' }), ' administrator'),
        h('button', { type: 'submit' }, 'Add user'),
      ],
    }),
  );
}
