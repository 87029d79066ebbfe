// Operations page (#/ops, administrators): functions with replicas, health and queue, webhook backlog, movies/h and
// per-step p50/p95 over the last hour, dead letters to retry or discard, and one movie's trace. Refreshed every 5 s.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { OpsOverview } from '../server/opsGateway.js';
import { getJson } from './api.js';
import { DeadLetterPanel } from './opsPageLetters.js';
import { TracePanel } from './opsPageTrace.js';

const REFRESH_MS = 5000;
const secs = (v: number | null) => (v === null ? '–' : `${v.toFixed(v < 10 ? 2 : 1)} s`);

/** "healthy" when every replica answers its health check, "degraded" when some do, "down" when none. */
function health(f: OpsOverview['functions'][number]): string {
  if (f.replicas > 0 && f.availableReplicas >= f.replicas) return 'healthy';
  return f.availableReplicas > 0 ? 'degraded' : 'down';
}

function FunctionTable({ o }: { o: OpsOverview }): ComponentChild {
  return h('table', { class: 'sessions ops-functions' },
    h('thead', null, h('tr', null, ...['function', 'replicas', 'available', 'health', 'queued', 'in flight'].map((c) => h('th', null, c)))),
    h('tbody', null, ...o.functions.map((f) => h('tr', { key: f.name, 'data-function': f.name },
      h('td', null, f.name), h('td', { class: 'num' }, String(f.replicas)), h('td', { class: 'num' }, String(f.availableReplicas)),
      h('td', { class: `health-${health(f)}` }, health(f)), h('td', { class: 'num' }, String(f.queued)), h('td', { class: 'num' }, String(f.inflight)),
    ))),
  );
}

function StepTable({ o }: { o: OpsOverview }): ComponentChild {
  const t = o.throughput;
  return h('table', { class: 'sessions ops-steps' },
    h('thead', null, h('tr', null, ...['step', 'succeeded', 'failed', 'p50', 'p95'].map((c) => h('th', null, c)))),
    h('tbody', null, ...t.steps.map((s) => h('tr', { key: s.function, 'data-step': s.function },
      h('td', null, s.function), h('td', { class: 'num' }, String(s.succeeded)), h('td', { class: `num${s.failed ? ' bad' : ''}` }, String(s.failed)),
      h('td', { class: 'num' }, secs(s.p50Seconds)), h('td', { class: 'num' }, secs(s.p95Seconds)),
    ))),
  );
}

function Figures({ o }: { o: OpsOverview }): ComponentChild {
  const figure = (label: string, value: string, name: string) => h('div', { class: 'figure', 'data-figure': name }, h('strong', null, value), h('span', null, label));
  return h('div', { class: 'ops-figures' },
    figure('movies/h (last hour)', o.throughput.moviesPerHour.toFixed(0), 'movies-per-hour'),
    figure('queued calls', String(o.queue.queued), 'queued'),
    figure('calls in flight', String(o.queue.inflight), 'inflight'),
    figure('webhook backlog', o.webhookBacklog === null ? 'n/a' : String(o.webhookBacklog), 'webhook-backlog'),
    figure('dead letters', String(o.deadLetters.count), 'dead-letters'),
  );
}

export function OpsPage(): ComponentChild {
  const [o, setO] = useState<OpsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [traceKey, setTraceKey] = useState('');
  const load = useCallback(() => getJson<OpsOverview>('ops/overview').then((v) => { setO(v); setError(null); }, (e: Error) => setError(e.message)), []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  return h('main', { class: 'page ops' },
    h('h1', null, 'Operations'),
    error ? h('p', { class: 'error' }, error) : null,
    o === null ? (error ? null : h('p', null, 'Loading…')) : h('div', null,
      h(Figures, { o }),
      h('div', { class: 'split' },
        h('section', null, h('h2', null, 'Functions'), h(FunctionTable, { o })),
        h('section', null, h('h2', null, 'Steps, last hour'), h(StepTable, { o })),
      ),
      h(DeadLetterPanel, { letters: o.deadLetters.letters, byCause: o.deadLetters.byCause, changed: load, trace: setTraceKey }),
    ),
    h(TracePanel, { key: traceKey, initialKey: traceKey }),
  );
}
