// Dashboard entry: hash routes #/ (sessions), #/s/<experiment>/<session> (one session) and #/ops (operations, admins).
import { h, render } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AdminPage } from './adminPage.js';
import { LoginBar } from './loginBar.js';
import { OpsPage } from './opsPage.js';
import { SessionPage } from './sessionPage.js';
import { SessionsPage } from './sessionsPage.js';
import './style.css';

function App(): ComponentChild {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  if (hash === '#/access') return h(AdminPage, null);
  if (hash === '#/ops') return h(OpsPage, null);
  const m = /^#\/s\/([^/]+)\/([^/]+)$/.exec(hash);
  if (m) {
    const [experiment, session] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
    return h(SessionPage, { key: `${experiment}/${session}`, experiment, session });
  }
  return h(SessionsPage, null);
}

render(h(App, null), document.getElementById('app') as HTMLElement);
// Who is logged in, the access and (admins) operations pages, and logout: its own root above the page, whatever route is shown.
render(h(LoginBar, null), document.body.insertBefore(document.createElement('div'), document.body.firstChild));
