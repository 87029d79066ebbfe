// Session page: live movie table, charts over acquisition time, the selected movie, upload, parameters and reprocess.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { exposureRate, exposureRateText } from '../server/exposureRate.js';
import { getMovie, getSession, sendJson, sessionPath } from './api.js';
import type { MovieRow } from './api.js';
import { HistogramChart, TimeChart } from './charts.js';
import { CurationPanel } from './curationPanel.js';
import type { Series } from './charts.js';
import { onStoreEvent } from './live.js';
import { MovieDetail } from './movieDetail.js';
import { MovieTable } from './movieTable.js';
import { ParamsForm } from './paramsForm.js';
import { UploadZone } from './uploadZone.js';

const METRICS: [keyof MovieRow, string, string, number][] = [
  ['defocusA', 'defocus', 'µm', 1e-4], ['fitResolutionA', 'fit resolution', 'Å', 1], ['totalDriftA', 'total drift', 'Å', 1], ['particles', 'particles', 'count', 1],
  ['relativeIceThickness', 'relative ice', 'ratio', 1],
];

function seriesOf(rows: MovieRow[]): Series[] {
  return METRICS.map(([field, label, unit, scale]) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const r of rows) {
      const v = r[field];
      if (typeof v === 'number') { xs.push(Date.parse(r.acquired) / 1000); ys.push(v * scale); }
    }
    return { label, unit, xs, ys };
  });
}

/** Rows kept in acquisition order; one movie's row replaced or inserted after its events. */
function upsert(rows: MovieRow[], row: MovieRow): MovieRow[] {
  const i = rows.findIndex((r) => r.movie === row.movie);
  if (i >= 0) { const next = rows.slice(); next[i] = row; return next; }
  return [...rows, row].sort((a, b) => a.acquired.localeCompare(b.acquired) || a.movie.localeCompare(b.movie));
}

export function SessionPage({ experiment, session }: { experiment: string; session: string }): ComponentChild {
  const [rows, setRows] = useState<MovieRow[] | null>(null);
  const [pickWarnings, setPickWarnings] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [rejected, setRejected] = useState<Set<string>>(new Set());
  const [show, setShow] = useState<'all' | 'rejected' | 'accepted'>('all');
  const [reprocess, setReprocess] = useState<{ movies: Set<string>; finished: Set<string>; message: string } | null>(null);
  const pending = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    getSession(experiment, session).then((d) => { setRows(d.movies); setPickWarnings(d.pickWarnings ?? []); }, (e: Error) => setError(e.message));
    return onStoreEvent((e) => {
      if (e.experiment !== experiment || e.session !== session || !e.movie) return;
      const movie = e.movie;
      if (e.kind === 'result' && e.step === 'finalize') setReprocess((r) => (r && r.movies.has(movie) ? { ...r, finished: new Set([...r.finished, movie]) } : r));
      // Several objects land per step: fetch the movie's row once they settle (well within a second).
      clearTimeout(pending.current.get(movie));
      pending.current.set(movie, setTimeout(() => {
        pending.current.delete(movie);
        getMovie(experiment, session, movie).then((row) => setRows((old) => upsert(old ?? [], row)), () => setRows((old) => old?.filter((r) => r.movie !== movie) ?? old));
      }, 80));
    });
  }, [experiment, session]);

  // First paint with data: read by tests and bench/ui.ts (time since navigation start).
  useEffect(() => {
    if (!rows) return;
    document.body.dataset.rendered = String(rows.length);
    performance.mark('session-rendered');
  }, [rows !== null]);
  const series = useMemo(() => seriesOf(rows ?? []), [rows]);
  const rate = useMemo(() => exposureRate(rows ?? []), [rows]);
  const row = rows?.find((r) => r.movie === selected) ?? null;
  const shown = useMemo(() => (rows && show !== 'all' ? rows.filter((r) => rejected.has(r.movie) === (show === 'rejected')) : rows), [rows, rejected, show]);

  const startReprocess = async (movies?: string[]) => {
    try {
      const out = await sendJson<{ queued: string[] }>('POST', `${sessionPath(experiment, session)}/reprocess`, movies ? { movies } : { all: true });
      const names = out.queued.map((k) => k.slice(`raw/${experiment}/${session}/`.length).replace(/\.[^.]+$/, ''));
      setReprocess({ movies: new Set(names), finished: new Set(), message: `queued ${names.length} movie(s)` });
    } catch (err) {
      setReprocess({ movies: new Set(), finished: new Set(), message: (err as Error).message });
    }
  };
  const done = rows?.filter((r) => r.steps.finalize === 'done').length ?? 0;
  const failed = rows?.filter((r) => Object.keys(r.errors).length > 0).length ?? 0;
  const onDefaults = rows?.filter((r) => (r.opticsDefaults?.length ?? 0) > 0).map((r) => r.movie) ?? [];
  return h('main', { class: 'page session' },
    h('nav', null, h('a', { href: '#/' }, '← sessions')),
    h('h1', null, `${experiment} / ${session}`),
    h('p', { class: 'summary' }, rows ? `${rows.length} movies · ${done} done · ${failed} failed · ` : 'Loading…',
      rows ? h('span', { class: 'exposure-rate', 'data-exposure-rate': rate.perHour === null ? '' : rate.perHour.toFixed(1), title: 'from the first to the last movie of the session' }, exposureRateText(rate)) : null,
      h('button', { onClick: () => void startReprocess() }, 'Reprocess session'),
      onDefaults.length ? h('button', { class: 'on-defaults', title: 'optics were guesses: set them in the parameters below first', onClick: () => void startReprocess(onDefaults) }, `Reprocess the ${onDefaults.length} movie(s) processed on default optics`) : null,
      reprocess ? h('span', { class: 'reprocess' }, ` ${reprocess.message}${reprocess.movies.size ? ` — ${reprocess.finished.size}/${reprocess.movies.size} finished` : ''}`) : null),
    error ? h('p', { class: 'error' }, error) : null,
    pickWarnings.length ? h('ul', { class: 'warnings session-pick-warnings' }, ...pickWarnings.map((w) => h('li', null, `picking: ${w}`))) : null,
    h(UploadZone, { experiment, session }),
    h('section', { class: 'charts' }, ...series.map((s) => h('div', { class: 'metric', key: s.label }, h(TimeChart, { series: s }), h(HistogramChart, { series: s })))),
    h('div', { class: 'split' },
      shown ? h('div', { class: 'table-box' },
        h('label', { class: 'filter' }, 'show ', h('select', { name: 'curation-filter', value: show, onChange: (e: Event) => setShow((e.target as HTMLSelectElement).value as typeof show) },
          h('option', { value: 'all' }, 'all movies'), h('option', { value: 'rejected' }, `rejected (${rejected.size})`), h('option', { value: 'accepted' }, 'not rejected'))),
        h(MovieTable, { rows: shown, selected, onSelect: setSelected })) : null,
      row ? h(MovieDetail, { row, onReprocess: (m: string) => void startReprocess([m]), onClose: () => setSelected(null) }) : null,
    ),
    h(CurationPanel, { experiment, session, version: done, onJudged: setRejected }),
    h(ParamsForm, { experiment, session, rows: rows ?? [], onReprocess: (movies?: string[]) => void startReprocess(movies) }),
  );
}
