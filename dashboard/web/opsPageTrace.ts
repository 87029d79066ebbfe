// The operations page's trace panel: one movie's timeline from any of its keys (store event, queued, attempts with
// status and duration, done with the result JSON written, or dead letter).
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { OpsTrace, TraceEntry } from '../server/opsGateway.js';
import { getJson } from './api.js';
import { readableCause } from './opsPageCause.js';

function detail(e: TraceEntry): string {
  if (e.source) return `from ${e.source}`;
  if (e.outputs?.length) return `→ ${e.outputs.join(', ')}`;
  return e.cause ? readableCause(e.cause).slice(0, 200) : '';
}

export function TracePanel({ initialKey }: { initialKey: string }): ComponentChild {
  const [key, setKey] = useState(initialKey);
  const [trace, setTrace] = useState<OpsTrace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = (k: string) => {
    if (!k) return;
    getJson<OpsTrace>(`ops/trace?key=${encodeURIComponent(k)}`).then((t) => { setTrace(t); setError(null); }, (e: Error) => setError(e.message));
  };
  useEffect(() => show(initialKey), [initialKey]);
  return h('section', { class: 'ops-trace' },
    h('h2', null, 'Trace a movie'),
    h('form', { onSubmit: (e: Event) => { e.preventDefault(); show(key.trim()); } },
      h('input', { name: 'trace-key', size: 60, placeholder: 'raw/<experiment>/<session>/<movie>.tif or any later key', value: key, onInput: (e: Event) => setKey((e.target as HTMLInputElement).value) }),
      h('button', { type: 'submit' }, 'show'),
    ),
    error ? h('p', { class: 'error' }, error) : null,
    trace === null ? null : h('div', null,
      h('p', { class: 'hint' }, trace.movie ? `movie ${trace.movie}: ${trace.entries.length} event(s)` : 'this key is no step input'),
      h('table', { class: 'sessions timeline' },
        h('thead', null, h('tr', null, ...['time', 'step', 'event', 'status', 'duration', 'call', ''].map((c) => h('th', null, c)))),
        h('tbody', null, ...trace.entries.map((e, i) => h('tr', { key: i, 'data-event': e.event, class: `ev-${e.event}` },
          h('td', null, new Date(e.time).toLocaleTimeString()),
          h('td', null, e.function),
          h('td', null, e.event === 'attempt' ? `attempt #${e.attempt ?? '?'}` : e.event),
          h('td', { class: typeof e.status === 'number' && e.status >= 400 ? 'bad' : '' }, e.status === undefined ? '' : String(e.status ?? 'unreachable')),
          h('td', { class: 'num' }, e.seconds === undefined ? '' : `${e.seconds.toFixed(2)} s`),
          h('td', null, h('code', { title: e.callId }, e.callId.slice(0, 8))),
          h('td', null, detail(e)),
        ))),
      ),
    ),
  );
}
