// Access page, administrators: the audit trail (newest first), refusals highlighted.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';
import type { AuditEntry } from '../../lib/access/index.js';

const SHOWN = 200;

export function AuditSection({ version }: { version: number }): ComponentChild {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<{ entries: AuditEntry[] }>('access/audit').then((r) => { setEntries(r.entries.slice(-SHOWN).reverse()); setError(null); }, (e: Error) => setError(e.message));
  }, [version]);
  return h('section', { class: 'access-audit' },
    h('h2', null, `Audit log (last ${SHOWN})`),
    error ? h('p', { class: 'error' }, error) : null,
    entries === null ? h('p', null, 'Loading…') : h('table', { class: 'access audit' },
      h('thead', null, h('tr', null, ...['time (UTC)', 'who', 'what', 'experiment', 'outcome', 'reason', 'address'].map((c) => h('th', null, c)))),
      h('tbody', null, ...entries.map((e, i) => h('tr', { key: `${e.time}-${i}`, class: `outcome-${e.outcome}`, 'data-outcome': e.outcome },
        h('td', null, e.time.replace('T', ' ').slice(0, 19)), h('td', null, e.who), h('td', null, e.what),
        h('td', null, e.experiment ?? ''), h('td', null, `${e.outcome}${e.status ? ` (${e.status})` : ''}`), h('td', null, e.reason), h('td', null, e.address),
      )))),
  );
}
