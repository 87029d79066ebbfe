// Dashboard entry: hash routes #/ (sessions) and #/s/<experiment>/<session> (one session).
import { h, render } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
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
  const m = /^#\/s\/([^/]+)\/([^/]+)$/.exec(hash);
  if (m) {
    const [experiment, session] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
    return h(SessionPage, { key: `${experiment}/${session}`, experiment, session });
  }
  return h(SessionsPage, null);
}

render(h(App, null), document.getElementById('app') as HTMLElement);
