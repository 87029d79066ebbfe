// #/access: administrators manage users, experiments, windows, members, S3 keys and tokens, and read the audit log (/ui/api/access/*);
// everyone else sees their experiments, windows and rights, and an operator adds collaborators during the window.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';
import { AuditSection } from './adminPageAudit.js';
import { addExperimentForm, ExperimentCard } from './adminPageExperiments.js';
import type { ExperimentRow } from './adminPageExperiments.js';
import { KeysSection } from './adminPageKeys.js';
import type { TokenRow } from './adminPageKeys.js';
import { UsersSection } from './adminPageUsers.js';
import type { UserRow } from './adminPageUsers.js';
import { refreshMe, useMe } from './loginState.js';

interface AdminState { users: UserRow[]; experiments: ExperimentRow[]; tokens: TokenRow[] }

export function AdminPage(): ComponentChild {
  const me = useMe();
  const [state, setState] = useState<AdminState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const admin = me?.admin === true;
  useEffect(() => {
    if (admin) getJson<AdminState>('access/state').then((s) => { setState(s); setError(null); }, (e: Error) => setError(e.message));
  }, [admin, version]);
  const changed = () => { setVersion((v) => v + 1); void refreshMe(); };
  if (!me) return h('main', { class: 'page' }, h('p', null, 'Loading…'));
  const rightsOf = (name: string) => me.experiments.find((e) => e.name === name);
  const experiments: ExperimentRow[] = admin ? state?.experiments ?? [] : me.experiments;
  return h('main', { class: 'page access-page' },
    h('nav', null, h('a', { href: '#/' }, '← sessions')),
    h('h1', null, admin ? 'Access' : 'My experiments'),
    error ? h('p', { class: 'error' }, error) : null,
    admin && state ? h(UsersSection, { users: state.users, changed }) : null,
    h('section', { class: 'access-experiments' },
      admin ? h('h2', null, 'Experiments') : null,
      experiments.length ? null : h('p', { class: 'hint' }, admin ? 'No experiments yet.' : `${me.name} is not a member of any experiment yet: ask the facility's administrator.`),
      ...experiments.map((e) => h(ExperimentCard, { key: e.name, experiment: e, rights: rightsOf(e.name), admin, changed })),
      admin ? addExperimentForm(changed) : null,
    ),
    admin && state ? h(KeysSection, { users: state.users, tokens: state.tokens, changed }) : null,
    admin ? h(AuditSection, { version }) : null,
  );
}
