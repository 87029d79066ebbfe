// The session's movie table, virtualised with @tanstack/virtual-core: only the visible ~40 rows are in the DOM.
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { VirtualizerOptions } from '@tanstack/virtual-core';
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { UI_STEPS } from './api.js';
import type { MovieRow } from './api.js';

export const ROW_HEIGHT = 28;
const fmt = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits));

function Row({ row, top, selected, onSelect }: { row: MovieRow; top: number; selected: boolean; onSelect: (m: string) => void }): ComponentChild {
  const failed = UI_STEPS.map((s) => row.errors[s]).find(Boolean);
  return h('div', { class: `row${selected ? ' selected' : ''}`, style: { transform: `translateY(${top}px)` }, 'data-movie': row.movie, onClick: () => onSelect(row.movie) },
    // Optics processed on built-in defaults are guesses: the movie name shows in the warning colour.
    h('span', { class: `c-movie${row.opticsDefaults?.length ? ' on-defaults' : ''}`, title: row.opticsDefaults?.length ? `${row.key}: processed on default ${row.opticsDefaults.join(', ')}` : row.key }, row.movie),
    h('span', { class: 'c-time', title: `from ${row.acquiredSource ?? 'upload'}` }, new Date(row.acquired).toLocaleTimeString()),
    ...UI_STEPS.map((s) => h('span', { class: `c-step st-${row.steps[s]}`, 'data-step': s, title: row.errors[s] ?? row.steps[s] }, row.steps[s])),
    h('span', { class: 'c-num' }, fmt(row.totalDriftA, 1)),
    h('span', { class: 'c-num' }, fmt(row.defocusA === null ? null : row.defocusA / 10_000, 2)),
    h('span', { class: 'c-num' }, fmt(row.fitResolutionA, 1)),
    // The pick result's warnings (a zero among full neighbours, a size far from the stated one) mark the count.
    h('span', { class: `c-num${row.pick?.warnings.length ? ' pick-warning' : ''}`, 'data-col': 'particles', title: row.pick?.warnings.join('\n') ?? '' },
      row.particles === null ? '–' : `${row.particles}${row.pick?.warnings.length ? ' ⚠' : ''}`),
    h('span', { class: 'c-num', title: row.iceThicknessA ? `ice ${(row.iceThicknessA / 10).toFixed(0)} nm (Thon-ring nodes)` : 'relative ice thickness (water ring ÷ flanks)' }, fmt(row.relativeIceThickness ?? null, 2)),
    h('span', { class: 'c-error', title: failed ?? '' }, failed ?? ''),
  );
}

const HEADER = ['movie', 'acquired', ...UI_STEPS, 'drift Å', 'defocus µm', 'fit Å', 'particles', 'rel. ice', 'error'];

export function MovieTable({ rows, selected, onSelect }: { rows: MovieRow[]; selected: string | null; onSelect: (m: string) => void }): ComponentChild {
  const scroller = useRef<HTMLDivElement | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options: VirtualizerOptions<HTMLDivElement, Element> = {
    count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12,
    scrollToFn: elementScroll, observeElementRect, observeElementOffset, onChange: () => rerender(undefined),
  };
  const [virtualizer] = useState(() => new Virtualizer(options));
  virtualizer.setOptions(options);
  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => { virtualizer._willUpdate(); });
  return h('div', { class: 'table' },
    h('div', { class: 'row head' }, ...HEADER.map((c, i) => h('span', { class: i === 0 ? 'c-movie' : i === 1 ? 'c-time' : i < 6 ? 'c-step' : i < HEADER.length - 1 ? 'c-num' : 'c-error' }, c))),
    h('div', { class: 'scroller', ref: scroller, 'data-rows': String(rows.length) },
      h('div', { style: { height: `${virtualizer.getTotalSize()}px`, position: 'relative' } },
        ...virtualizer.getVirtualItems().map((v) => h(Row, { key: rows[v.index].movie, row: rows[v.index], top: v.start, selected: rows[v.index].movie === selected, onSelect })),
      ),
    ),
  );
}
