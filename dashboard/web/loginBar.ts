// The strip at the top of every page: who is logged in, the access page, and logout (a plain form post, so the
// HttpOnly cookie is ended by the server; the browser sends Origin, which the server checks).
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useMe } from './loginState.js';

export function LoginBar(): ComponentChild {
  const me = useMe();
  if (!me) return null;
  return h('header', { class: 'login-bar', 'data-testid': 'login-bar' },
    h('a', { href: '#/' }, 'Sessions'),
    h('a', { href: '#/access', 'data-testid': 'access-link' }, me.admin ? 'Access (admin)' : 'My experiments'),
    me.admin ? h('a', { href: '#/ops', 'data-testid': 'ops-link' }, 'Operations') : null,
    h('span', { class: 'who', 'data-testid': 'who' }, me.displayName ? `${me.displayName} (${me.name})` : me.name),
    me.session ? h('form', { method: 'post', action: 'logout', class: 'logout' }, h('button', { type: 'submit' }, 'Log out')) : null,
  );
}
