// One movie: thumbnail, power spectrum, picks overlay, drift trajectory (uPlot of motioncor's shifts), errors, reprocess.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { objectUrl, UI_STEPS } from './api.js';
import type { MovieRow, PickInfo } from './api.js';

function Trajectory({ shifts }: { shifts: [number, number][] }): ComponentChild {
  const host = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!host.current) return;
    const data: uPlot.AlignedData = [shifts.map((s) => s[0]), shifts.map((s) => s[1])];
    const plot = new uPlot({
      width: 220, height: 200, legend: { show: false }, mode: 2,
      scales: { x: { time: false }, y: {} }, axes: [{ label: 'x (px)' }, { label: 'y (px)', size: 40 }],
      series: [{}, { stroke: '#dc2626', points: { show: true, size: 5 }, facets: [{ scale: 'x', auto: true }, { scale: 'y', auto: true }] }],
    }, [null, data] as unknown as uPlot.AlignedData, host.current);
    return () => plot.destroy();
  }, [shifts]);
  return h('figure', null, h('div', { ref: host, class: 'trajectory', 'data-points': String(shifts.length) }), h('figcaption', null, 'drift trajectory'));
}

/** "estimated 76 Å, you entered 90 Å" (issue 22's wording) and the pick result's warnings (no silent zero). */
function PickFacts({ pick }: { pick: PickInfo }): ComponentChild {
  const est = pick.estimatedDiameterA === null ? 'no estimate (nothing picked)' : `estimated ${Math.round(pick.estimatedDiameterA)} Å`;
  return h('div', { class: 'pick-facts' },
    h('p', { 'data-pick': 'diameter' }, `particle diameter: ${est}${pick.statedDiameterA === null ? '' : `, you entered ${pick.statedDiameterA} Å`}`),
    pick.warnings.length ? h('ul', { class: 'warnings', 'data-pick': 'warnings' }, ...pick.warnings.map((w) => h('li', null, w))) : null);
}

const IMAGES: [keyof MovieRow['images'], string][] = [['thumbnail', 'aligned sum'], ['spectrum', 'power spectrum / CTF fit'], ['picks', 'picks'], ['drift', 'drift (step output)']];

export function MovieDetail({ row, onReprocess, onClose }: { row: MovieRow; onReprocess: (movie: string) => void; onClose: () => void }): ComponentChild {
  return h('aside', { class: 'detail', 'data-movie': row.movie },
    h('header', null, h('h2', null, row.movie), h('button', { onClick: () => onReprocess(row.movie) }, 'Reprocess movie'), h('button', { onClick: onClose }, '×')),
    h('p', null, `${row.key} · ${(row.size / 1e6).toFixed(1)} MB · acquired ${new Date(row.acquired).toLocaleString()}`),
    row.pick ? h(PickFacts, { pick: row.pick }) : null,
    h('ul', { class: 'steps' }, ...UI_STEPS.map((s) => h('li', { class: `st-${row.steps[s]}` }, `${s}: ${row.steps[s]}`, row.errors[s] ? h('pre', { class: 'error' }, row.errors[s]) : null))),
    h('div', { class: 'images' },
      ...IMAGES.filter(([slot]) => row.images[slot]).map(([slot, caption]) => h('figure', null,
        h('img', { src: objectUrl(row.images[slot] ?? ''), alt: caption, 'data-image': slot, width: 200, height: 200 }),
        h('figcaption', null, caption))),
      row.shifts && row.shifts.length > 1 ? h(Trajectory, { shifts: row.shifts }) : null,
    ),
  );
}
