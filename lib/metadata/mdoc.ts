// SerialEM .mdoc (autodoc "Key = value" lines; global header then [FrameSet|ZValue = n] sections) for one movie.
import type { MovieMetadata } from './types.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** SerialEM writes `DateTime = 05-Dec-26  10:12:33` (local time, no zone) → `2026-12-05T10:12:33`. */
export function parseMdocDateTime(text: string): string | undefined {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2].toLowerCase());
  if (month < 0) return undefined;
  const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${year}-${pad(month + 1)}-${pad(Number(m[1]))}T${pad(Number(m[4]))}:${m[5]}:${m[6]}`;
}

/** Key → value of the header merged with the first section (a frame-series mdoc describes one movie). */
export function mdocEntries(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let sections = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    // `[T = …]` lines are titles inside the header; sections are `[FrameSet = n]`, `[ZValue = n]`, ….
    if (line.startsWith('[') && !/^\[T\s*=/.test(line)) {
      sections += 1;
      if (sections > 1) break;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

function numbers(v: string | undefined): number[] {
  return (v ?? '').split(/\s+/).filter((s) => s !== '').map(Number).filter(Number.isFinite);
}

/** Values of a SerialEM .mdoc; fields it lacks are left out. */
export function parseMdoc(text: string): MovieMetadata {
  const e = mdocEntries(text);
  const out: MovieMetadata = { source: 'metadata:mdoc' };
  const first = (k: string): number | undefined => numbers(e[k])[0];
  const px = first('PixelSpacing');
  if (px !== undefined && px > 0) out.pixelSizeA = px;
  const kv = first('Voltage');
  if (kv !== undefined && kv > 0) out.voltageKv = kv;
  const total = first('ExposureDose');
  if (total !== undefined && total > 0) out.totalDose = total;
  const frames = first('NumSubFrames');
  if (frames !== undefined && frames > 0) out.frameCount = frames;
  // FrameDosesAndNumber = dose count [dose count …]: the per-frame dose when all frames share one.
  const fdn = numbers(e.FrameDosesAndNumber);
  if (fdn.length === 2 && fdn[0] > 0) {
    out.dosePerFrame = fdn[0];
    out.frameCount ??= fdn[1];
  }
  const when = e.DateTime === undefined ? undefined : parseMdocDateTime(e.DateTime);
  if (when !== undefined) out.acquiredAt = when;
  const stage = numbers(e.StagePosition);
  const z = first('StageZ');
  if (stage.length >= 2) out.stageUm = { x: stage[0], y: stage[1], ...(z !== undefined ? { z } : {}) };
  const target = first('TargetDefocus');
  if (target !== undefined) out.defocusTargetUm = target;
  return out;
}
