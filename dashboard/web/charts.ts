// uPlot charts: a metric over acquisition time (points) and its histogram (bars); data-points tells tests what is drawn.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeAxisRange } from './timeRange.js';

export interface Series { label: string; unit: string; xs: number[]; ys: number[] }

const WIDTH = 360;
const HEIGHT = 160;

/** Counts of `ys` in `bins` equal bins (x = bin centres). */
export function histogram(ys: number[], bins = 20): [number[], number[]] {
  if (ys.length === 0) return [[], []];
  let lo = Math.min(...ys.slice(0, 100_000));
  let hi = Math.max(...ys.slice(0, 100_000));
  for (const y of ys) { if (y < lo) lo = y; if (y > hi) hi = y; }
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const y of ys) counts[Math.min(bins - 1, Math.floor((y - lo) / width))]++;
  return [counts.map((_, i) => lo + (i + 0.5) * width), counts];
}

function usePlot(make: (el: HTMLElement) => uPlot, data: uPlot.AlignedData): (el: HTMLDivElement | null) => void {
  const host = useRef<HTMLDivElement | null>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    if (!host.current) return;
    plot.current = make(host.current);
    return () => { plot.current?.destroy(); plot.current = null; };
  }, []);
  useEffect(() => { plot.current?.setData(data); }, [data]);
  return (el) => { host.current = el; };
}

/** Points of one metric against acquisition time (unix seconds). */
export function TimeChart({ series }: { series: Series }): ComponentChild {
  const data: uPlot.AlignedData = [series.xs, series.ys];
  const ref = usePlot((el) => new uPlot({
    width: WIDTH, height: HEIGHT, legend: { show: false }, cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true, range: (_u, min, max) => timeAxisRange(min, max) } },
    // The axis is drawn on a canvas: the chosen range goes on the element for tests (a one-point session once spanned years).
    hooks: { setScale: [(u, key) => { if (key === 'x') el.dataset.xRange = `${u.scales.x.min ?? ''},${u.scales.x.max ?? ''}`; }] },
    axes: [{}, { label: `${series.label} (${series.unit})`, size: 60 }],
    series: [{}, { label: series.label, stroke: '#2563eb', paths: () => null, points: { show: true, size: 4, fill: '#2563eb' } }],
  }, data, el), data);
  return h('div', { class: 'chart', 'data-chart': series.label, 'data-points': String(series.ys.length), ref });
}

/** Histogram of one metric. */
export function HistogramChart({ series }: { series: Series }): ComponentChild {
  const data: uPlot.AlignedData = histogram(series.ys);
  const bars = uPlot.paths.bars?.({ size: [0.9, 40] });
  const ref = usePlot((el) => new uPlot({
    width: WIDTH / 1.5, height: HEIGHT, legend: { show: false },
    scales: { x: { time: false } },
    axes: [{ label: series.unit }, { size: 40 }],
    series: [{}, { label: 'movies', fill: '#93c5fd', stroke: '#2563eb', paths: bars, points: { show: false } }],
  }, data, el), data);
  return h('div', { class: 'chart hist', 'data-hist': series.label, 'data-points': String(series.ys.length), ref });
}
