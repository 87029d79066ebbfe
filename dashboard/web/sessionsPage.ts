// Sessions page: every experiment/session in the bucket with movie counts and last activity; refreshed by live events.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { listSessions } from './api.js';
import type { SessionSummary } from './api.js';
import { onStoreEvent } from './live.js';

export function SessionsPage(): ComponentChild {
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => listSessions().then((r) => { setSessions(r.sessions); setError(null); }, (e: Error) => setError(e.message));
    void load();
    return onStoreEvent(() => { clearTimeout(timer); timer = setTimeout(load, 300); });
  }, []);
  return h('main', { class: 'page' },
    h('h1', null, 'Sessions'),
    error ? h('p', { class: 'error' }, error) : null,
    sessions === null ? h('p', null, 'Loading…') : sessions.length === 0 ? h('p', null, 'No sessions in the bucket yet: upload movies to raw/<experiment>/<session>/.') :
      h('table', { class: 'sessions' },
        h('thead', null, h('tr', null, ...['experiment', 'session', 'movies', 'done', 'failed', 'last activity'].map((c) => h('th', null, c)))),
        h('tbody', null, ...sessions.map((s) => h('tr', { key: `${s.experiment}/${s.session}` },
          h('td', null, s.experiment),
          h('td', null, h('a', { href: `#/s/${encodeURIComponent(s.experiment)}/${encodeURIComponent(s.session)}` }, s.session)),
          h('td', { class: 'num' }, String(s.movies)),
          h('td', { class: 'num' }, String(s.done)),
          h('td', { class: `num${s.failed ? ' bad' : ''}` }, String(s.failed)),
          h('td', null, s.lastActivity ? new Date(s.lastActivity).toLocaleString() : '–'),
        ))),
      ),
  );
}
