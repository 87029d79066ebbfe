// A uPlot scatter of two curation metrics with a draggable threshold line on each axis; releasing a line commits its value.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ScatterPoint { movie: string; x: number; y: number; rejected: boolean }
export interface ScatterAxis { label: string; threshold: number | undefined }
export type Axis = 'x' | 'y';

/** How close (CSS px) a press must be to a line to grab it. */
const GRAB_PX = 8;

/** Axis range from 0 to 15 % past the largest point or threshold: fixed while dragging, so the line follows the pointer. */
function rangeOf(values: number[], threshold: number | undefined): [number, number] {
  const top = Math.max(1e-9, ...values, threshold ?? 0);
  return [0, top * 1.15];
}

/** A threshold with no value sits at the top of its range, where it rejects nothing. */
const lineAt = (t: number | undefined, range: [number, number]) => t ?? range[1];

/**
 * Vertical line = x threshold, horizontal = y threshold ("at most": points right of / above the lines fail).
 * The host carries data-x/y-threshold and data-x/y-range so tests can aim at a value in CSS pixels.
 */
export function ThresholdScatter({ points, x, y, onCommit, onPreview }: {
  points: ScatterPoint[]; x: ScatterAxis; y: ScatterAxis; onCommit: (axis: Axis, value: number) => void;
  /** Each move of a held line (the counts follow it before anything is saved). */
  onPreview?: (axis: Axis, value: number) => void;
}): ComponentChild {
  const host = useRef<HTMLDivElement | null>(null);
  // The plot lives across renders; the newest callback is read at each move.
  const previewRef = useRef(onPreview);
  previewRef.current = onPreview;
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const xr = rangeOf(points.map((p) => p.x), x.threshold);
    const yr = rangeOf(points.map((p) => p.y), y.threshold);
    const lines = { x: lineAt(x.threshold, xr), y: lineAt(y.threshold, yr) };
    const mark = () => {
      el.dataset.xThreshold = String(lines.x); el.dataset.yThreshold = String(lines.y);
      el.dataset.xRange = xr.join(','); el.dataset.yRange = yr.join(',');
    };
    const drawLines = (u: uPlot) => {
      const { ctx, bbox } = u;
      ctx.save();
      ctx.strokeStyle = '#dc2626';
      ctx.lineWidth = 2 * devicePixelRatio;
      const px = u.valToPos(lines.x, 'x', true);
      const py = u.valToPos(lines.y, 'y', true);
      ctx.beginPath();
      ctx.moveTo(px, bbox.top); ctx.lineTo(px, bbox.top + bbox.height);
      ctx.moveTo(bbox.left, py); ctx.lineTo(bbox.left + bbox.width, py);
      ctx.stroke();
      ctx.restore();
    };
    const series = (stroke: string): uPlot.Series => ({
      stroke, paths: () => null, points: { show: true, size: 6, fill: stroke }, facets: [{ scale: 'x', auto: false }, { scale: 'y', auto: false }],
    } as uPlot.Series);
    const group = (rejected: boolean) => { const ps = points.filter((p) => p.rejected === rejected); return [ps.map((p) => p.x), ps.map((p) => p.y)]; };
    const plot = new uPlot({
      width: 360, height: 260, mode: 2, legend: { show: false }, cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false, range: () => xr }, y: { range: () => yr } },
      axes: [{ label: x.label }, { label: y.label, size: 50 }],
      series: [{}, series('#2563eb'), series('#9ca3af')],
      hooks: { draw: [drawLines] },
    }, [null, group(false), group(true)] as unknown as uPlot.AlignedData, el);
    mark();
    let dragging: Axis | null = null;
    const local = (e: PointerEvent) => { const r = plot.over.getBoundingClientRect(); return { px: e.clientX - r.left, py: e.clientY - r.top }; };
    const down = (e: PointerEvent) => {
      const { px, py } = local(e);
      if (Math.abs(px - plot.valToPos(lines.x, 'x')) <= GRAB_PX) dragging = 'x';
      else if (Math.abs(py - plot.valToPos(lines.y, 'y')) <= GRAB_PX) dragging = 'y';
      if (dragging) { plot.over.setPointerCapture(e.pointerId); e.preventDefault(); }
    };
    const move = (e: PointerEvent) => {
      if (!dragging) return;
      const { px, py } = local(e);
      const v = dragging === 'x' ? plot.posToVal(px, 'x') : plot.posToVal(py, 'y');
      const r = dragging === 'x' ? xr : yr;
      lines[dragging] = Math.min(r[1], Math.max(r[0], v));
      plot.redraw(false);
      mark();
      previewRef.current?.(dragging, Number(lines[dragging].toPrecision(3)));
    };
    const up = () => {
      if (!dragging) return;
      const axis = dragging;
      dragging = null;
      onCommit(axis, Number(lines[axis].toPrecision(3)));
    };
    plot.over.addEventListener('pointerdown', down);
    plot.over.addEventListener('pointermove', move);
    plot.over.addEventListener('pointerup', up);
    return () => plot.destroy();
  }, [points, x.threshold, y.threshold, x.label, y.label]);
  return h('figure', { class: 'threshold-scatter' },
    h('div', { ref: host, 'data-scatter': `${x.label} vs ${y.label}`, 'data-points': String(points.length) }),
    h('figcaption', null, 'drag a red line to set its threshold (released = saved); grey points are rejected'));
}
