// Access page, administrators: issue a user's S3 key or API token (the secret is shown once, here, and never again:
// the server keeps only its sealed or hashed form) and revoke tokens.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { sendJson } from './api.js';
import { ActionForm, text, utcText } from './adminPageForms.js';
import type { UserRow } from './adminPageUsers.js';

export interface TokenRow { id: string; user: string; created: string; expires: string; revoked: string | null }

interface IssuedS3Key { accessKeyId: string; secretAccessKey: string }
interface IssuedToken { id: string; token: string; user: string; expires: string }

const userSelect = (users: UserRow[]) =>
  h('label', null, 'user ', h('select', { name: 'user', required: true }, ...users.map((u) => h('option', { value: u.name }, u.name))));

export function KeysSection({ users, tokens, changed }: { users: UserRow[]; tokens: TokenRow[]; changed: () => void }): ComponentChild {
  const revoke = (t: TokenRow) => void sendJson('POST', `access/tokens/${t.id}/revoke`, {}).then(changed, (e: Error) => alert(e.message));
  return h('section', { class: 'access-keys' },
    h('h2', null, 'S3 keys and API tokens'),
    h('p', { class: 'hint' }, 'A secret is shown once. S3 keys read the user\'s experiments and write raw/<experiment>/ only while the user may upload there (checked on every request).'),
    h(ActionForm, {
      name: 'issue-s3-key',
      submit: async (d) => {
        const k = await sendJson<IssuedS3Key>('POST', 'access/s3-keys', { user: text(d, 'user') });
        return `AWS_ACCESS_KEY_ID=${k.accessKeyId} AWS_SECRET_ACCESS_KEY=${k.secretAccessKey}`;
      },
      children: [userSelect(users), h('button', { type: 'submit' }, 'Issue S3 key')],
    }),
    h(ActionForm, {
      name: 'issue-token',
      submit: async (d) => {
        const t = await sendJson<IssuedToken>('POST', 'access/tokens', { user: text(d, 'user'), days: Number(text(d, 'days')) });
        changed();
        return `token for ${t.user} (until ${utcText(t.expires)}): ${t.token}`;
      },
      children: [
        userSelect(users),
        h('label', null, 'days ', h('input', { name: 'days', type: 'number', min: 1, max: 366, value: 90, required: true })),
        h('button', { type: 'submit' }, 'Issue API token'),
      ],
    }),
    tokens.length ? h('table', { class: 'access' },
      h('thead', null, h('tr', null, ...['token', 'user', 'created', 'expires', 'state', ''].map((c) => h('th', null, c)))),
      h('tbody', null, ...tokens.map((t) => h('tr', { key: t.id, 'data-token': t.id },
        h('td', null, t.id), h('td', null, t.user), h('td', null, utcText(t.created)), h('td', null, utcText(t.expires)),
        h('td', null, t.revoked ? `revoked ${utcText(t.revoked)}` : 'active'),
        h('td', null, t.revoked ? null : h('button', { type: 'button', onClick: () => revoke(t) }, 'Revoke')),
      )))) : null,
  );
}
