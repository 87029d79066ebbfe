// Curation panel: accepted/rejected counts, thresholds whose effect is previewed before saving, rejected movies with
// their failing criteria and an override button, and the bundle download links.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { judgeMovie } from '../../lib/curation/judge.js';
import type { Failure, MovieMetrics } from '../../lib/curation/judge.js';
import { API, getJson, sendJson, sessionPath } from './api.js';
import { ThresholdScatter } from './thresholdScatter.js';
import type { Axis, ScatterPoint } from './thresholdScatter.js';

type Thresholds = Record<string, unknown>;
interface JudgedMovie { movie: string; decision: 'accepted' | 'rejected'; failing: Failure[]; metrics: MovieMetrics; override?: { decision: string; by: string; at: string } }
interface Curation { accepted: number; rejected: number; movies: JudgedMovie[]; settings: { thresholds: Thresholds; overrides: Record<string, JudgedMovie['override']> } }
/** What a save did to the bucket's STAR files (curationRoutes.ts): written keys, or why not. */
type Exported = { keys: string[]; accepted: number } | { error: string } | undefined;

function exportNote(e: Exported): string {
  if (!e) return '';
  if ('error' in e) return ` The STAR files were not updated: ${e.error}`;
  return e.keys.length ? ` micrographs_selected.star updated (${e.accepted} micrographs).` : ' No movie finalized yet: no STAR file written.';
}

/** [path, label]: path may be nested (`defocusUm.max`). */
const FIELDS: [string, string][] = [
  ['maxCtfResolutionA', 'CTF fit resolution ≤ (Å)'], ['defocusUm.min', 'Defocus ≥ (µm)'], ['defocusUm.max', 'Defocus ≤ (µm)'],
  ['maxAstigmatismA', 'Astigmatism ≤ (Å)'], ['maxTotalDriftA', 'Total drift ≤ (Å)'], ['maxEarlyDriftA', 'Early drift ≤ (Å)'],
  ['particles.min', 'Particles ≥'], ['iceThicknessNm.max', 'Ice thickness ≤ (nm)'], ['maxRelativeIceThickness', 'Relative ice ≤'],
  ['minCtfScore', 'CTF score ≥'],
];

function read(t: Thresholds, path: string): string {
  const [a, b] = path.split('.');
  const v = b === undefined ? t[a] : (t[a] as Thresholds | undefined)?.[b];
  return typeof v === 'number' ? String(v) : '';
}

function write(t: Thresholds, path: string, text: string): Thresholds {
  const value = text.trim() === '' ? undefined : Number(text);
  const [a, b] = path.split('.');
  const next = { ...t };
  if (b === undefined) { if (value === undefined) delete next[a]; else next[a] = value; return next; }
  const inner = { ...((t[a] as Thresholds | undefined) ?? {}) };
  if (value === undefined) delete inner[b]; else inner[b] = value;
  if (Object.keys(inner).length === 0) delete next[a]; else next[a] = inner;
  return next;
}

/** The scatter's axes: CTF fit resolution against total drift, both "at most" thresholds. */
const SCATTER: Record<Axis, { metric: keyof MovieMetrics; path: string; label: string }> = {
  x: { metric: 'ctfResolutionA', path: 'maxCtfResolutionA', label: 'CTF fit resolution (Å)' },
  y: { metric: 'totalDriftA', path: 'maxTotalDriftA', label: 'total drift (Å)' },
};

function scatterPoints(movies: JudgedMovie[]): ScatterPoint[] {
  const out: ScatterPoint[] = [];
  for (const m of movies) {
    const x = m.metrics[SCATTER.x.metric];
    const y = m.metrics[SCATTER.y.metric];
    if (x !== undefined && y !== undefined) out.push({ movie: m.movie, x, y, rejected: m.decision === 'rejected' });
  }
  return out;
}

const num = (text: string): number | undefined => (text === '' ? undefined : Number(text));

/** `onJudged` gets the rejected movies after every load or save (the session page filters its table by them). */
export function CurationPanel({ experiment, session, version, onJudged }: { experiment: string; session: string; version: number; onJudged?: (rejected: Set<string>) => void }): ComponentChild {
  const path = `${sessionPath(experiment, session)}/curation`;
  const [data, setData] = useState<Curation | null>(null);
  const [draft, setDraft] = useState<Thresholds | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => { getJson<Curation>(path).then((d) => { setData(d); setDraft((old) => old ?? d.settings.thresholds); }, (e: Error) => setMessage(e.message)); }, [path, version]);
  useEffect(() => { if (data) onJudged?.(new Set(data.movies.filter((m) => m.decision === 'rejected').map((m) => m.movie))); }, [data]);
  const points = useMemo(() => scatterPoints(data?.movies ?? []), [data]);
  // A line being dragged: its value counts in the preview below but is not saved until the line is released.
  const [dragging, setDragging] = useState<{ axis: Axis; value: number } | null>(null);
  // Counts under the unsaved thresholds, judged in the page with the same pure function the server uses.
  const preview = useMemo(() => {
    if (!data || !draft) return null;
    const t = dragging ? write(draft, SCATTER[dragging.axis].path, String(dragging.value)) : draft;
    const judged = data.movies.map((m) => judgeMovie(m.metrics, t as Parameters<typeof judgeMovie>[1], data.settings.overrides[m.movie] as Parameters<typeof judgeMovie>[2]));
    return judged.filter((j) => j.decision === 'accepted').length;
  }, [data, draft, dragging]);
  if (!data || !draft) return h('section', { class: 'curation' }, message ?? 'Loading curation…');
  const put = async (thresholds: Thresholds) => {
    try {
      const out = await sendJson<Curation & { exported?: Exported }>('PUT', `${path}/thresholds`, thresholds);
      setData(out);
      setMessage(`Thresholds saved.${exportNote(out.exported)}`);
    } catch (err) { setMessage((err as Error).message); }
  };
  const save = (e: Event) => { e.preventDefault(); void put(draft); };
  // A released line saves at once: the drag is the edit, there is nothing to confirm.
  const dragged = (axis: Axis, value: number) => { const next = write(draft, SCATTER[axis].path, String(value)); setDragging(null); setDraft(next); void put(next); };
  const override = async (movie: string, decision: 'accepted' | 'rejected' | null) => {
    try {
      const out = await sendJson<Curation & { exported?: Exported }>('POST', `${path}/override`, { movie, decision });
      setData(out);
      setMessage(`Override saved.${exportNote(out.exported)}`);
    } catch (err) { setMessage((err as Error).message); }
  };
  const rejected = data.movies.filter((m) => m.decision === 'rejected');
  return h('section', { class: 'curation' },
    h('h2', null, 'Curation'),
    h('p', { class: 'counts' }, `${data.accepted} accepted · ${data.rejected} rejected`,
      preview !== null && preview !== data.accepted ? h('span', { class: 'preview' }, ` (unsaved thresholds: ${preview} accepted · ${data.movies.length - preview} rejected)`) : null),
    h(ThresholdScatter, {
      points, onCommit: dragged, onPreview: (axis: Axis, value: number) => setDragging({ axis, value }),
      x: { label: SCATTER.x.label, threshold: num(read(draft, SCATTER.x.path)) }, y: { label: SCATTER.y.label, threshold: num(read(draft, SCATTER.y.path)) },
    }),
    h('form', { onSubmit: save },
      ...FIELDS.map(([p, label]) => h('label', null, label, h('input', { type: 'number', step: 'any', name: p, value: read(draft, p), onInput: (e: Event) => setDraft(write(draft, p, (e.target as HTMLInputElement).value)) }))),
      h('button', { type: 'submit' }, 'Save thresholds')),
    message ? h('p', { class: 'message' }, message) : null,
    h('p', { class: 'downloads' },
      h('a', { href: `${API}${sessionPath(experiment, session)}/bundle?what=selected`, download: true }, 'Download accepted (tar)'), ' · ',
      h('a', { href: `${API}${sessionPath(experiment, session)}/bundle?what=all`, download: true }, 'Download all (tar)')),
    h('table', { class: 'rejected' },
      h('thead', null, h('tr', null, h('th', null, 'rejected movie'), h('th', null, 'failing'), h('th', null, ''))),
      h('tbody', null, ...rejected.map((m) => h('tr', { key: m.movie },
        h('td', null, m.movie),
        h('td', null, m.failing.map((f) => `${f.criterion} ${Number(f.value.toPrecision(4))} (${f.limit})`).join('; ')),
        h('td', null, h('button', { type: 'button', onClick: () => void override(m.movie, 'accepted') }, 'Accept anyway'))))),
    ),
    ...Object.entries(data.settings.overrides).map(([movie, o]) => h('p', { class: 'override', key: movie }, `${movie}: ${o?.decision ?? ''} by ${o?.by ?? '?'} at ${o?.at ?? '?'} `,
      h('button', { type: 'button', onClick: () => void override(movie, null) }, 'Clear'))),
  );
}
