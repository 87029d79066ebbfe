// Dashboard entry: hash routes #/ (sessions), #/s/<experiment>/<session> (one session) and #/ops (operations, admins).
import { Fragment, h, render } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { OpsPage } from './opsPage.js';
import { SessionPage } from './sessionPage.js';
import { SessionsPage } from './sessionsPage.js';
import './style.css';

/** The pages' common links (operations is for administrators; others get its 403 message). */
function Nav(): ComponentChild {
  return h('nav', { class: 'topnav' }, h('a', { href: '#/' }, 'Sessions'), h('a', { href: '#/ops' }, 'Operations'));
}

function App(): ComponentChild {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  if (hash === '#/ops') return h(OpsPage, null);
  const m = /^#\/s\/([^/]+)\/([^/]+)$/.exec(hash);
  if (m) {
    const [experiment, session] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
    return h(SessionPage, { key: `${experiment}/${session}`, experiment, session });
  }
  return h(SessionsPage, null);
}

render(h(Fragment, null, h(Nav, null), h(App, null)), document.getElementById('app') as HTMLElement);
