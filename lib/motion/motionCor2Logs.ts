// Pure parsers of MotionCor2 / MotionCor3 outputs: stdout shift table, -Full.log, -Patch-Patch.log (7 vs 6 columns).
import { InvalidInputError } from '../errors.js';
import type { Shift } from './alignGlobal.js';

export interface PatchTrack {
  /** Patch centre, input pixels. */
  x: number;
  y: number;
  /** Per-frame shifts: the raw measurement (and the polynomial fit for MotionCor2 1.x). */
  raw: Shift[];
  fit?: Shift[];
}

export interface MotionCor2Logs {
  /** 'motioncor2' = 7-column patch log (raw + fit), 'motioncor3' = 6-column (shift + bad flag), 'full-frame' = no patch log. */
  layout: 'motioncor2' | 'motioncor3' | 'full-frame';
  /** Full-frame shifts per frame (1-based frame numbers dropped; index = frame − 1), input pixels, relative to the reference frame. */
  shifts: Shift[];
  patches: PatchTrack[];
}

/** Rows of "%4d %8.2f %8.2f" (frame, sx, sy) from -Full.log or -Patch-Full.log. */
export function parseFullLog(text: string, name = 'MotionCor2 full-frame log'): Shift[] {
  const shifts: Shift[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const v = t.split(/\s+/).map(Number);
    if (v.length < 3 || v.some((x) => !Number.isFinite(x))) throw new InvalidInputError(`${name}: unreadable row "${t}"`);
    if (v[0] !== shifts.length + 1) throw new InvalidInputError(`${name}: expected frame ${shifts.length + 1}, got ${v[0]}`);
    shifts.push({ dx: v[1], dy: v[2] });
  }
  if (shifts.length === 0) throw new InvalidInputError(`${name}: no shift rows`);
  return shifts;
}

/** Stdout "...... Frame (  1) shift:  x  y" lines after "Full-frame alignment shift" (what RELION parses). */
export function parseStdoutShifts(text: string): Shift[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.includes('Full-frame alignment shift'));
  if (start < 0) return [];
  const shifts: Shift[] = [];
  for (const l of lines.slice(start + 1)) {
    const m = /shift:\s*(\S+)\s+(\S+)/.exec(l);
    if (!m) break;
    shifts.push({ dx: Number(m[1]), dy: Number(m[2]) });
  }
  return shifts;
}

/**
 * -Patch-Patch.log rows grouped by "#Patch NNN" headers: 7 tokens = frame cx cy rawX rawY fitX fitY
 * (MotionCor2 1.x, what RELION reads), 6 tokens = frame cx cy sx sy badFlag (MotionCor3).
 */
export function parsePatchLog(text: string, name = 'MotionCor2 patch log'): { layout: 'motioncor2' | 'motioncor3'; patches: PatchTrack[] } {
  const patches: PatchTrack[] = [];
  let layout: 'motioncor2' | 'motioncor3' | null = null;
  let cur: PatchTrack | null = null;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) {
      if (/^#\s*Patch\s+\d+/i.test(t)) cur = null;
      continue;
    }
    const v = t.split(/\s+/).map(Number);
    if ((v.length !== 6 && v.length !== 7) || v.some((x) => !Number.isFinite(x))) throw new InvalidInputError(`${name}: unreadable row "${t}" (expected 6 or 7 numbers)`);
    const l = v.length === 7 ? 'motioncor2' : 'motioncor3';
    if (layout && layout !== l) throw new InvalidInputError(`${name}: mixes 6- and 7-column rows`);
    layout = l;
    if (!cur || (cur.raw.length > 0 && v[0] <= cur.raw.length && (v[1] !== cur.x || v[2] !== cur.y))) {
      cur = { x: v[1], y: v[2], raw: [], ...(l === 'motioncor2' ? { fit: [] } : {}) };
      patches.push(cur);
    }
    cur.raw.push({ dx: v[3], dy: v[4] });
    if (l === 'motioncor2') cur.fit?.push({ dx: v[5], dy: v[6] });
  }
  if (!layout) throw new InvalidInputError(`${name}: no patch rows`);
  return { layout, patches };
}

/** Combines what a run left: the full-frame log (or stdout table) and, in patch mode, the patch log. */
export function parseMotionCor2Logs(texts: { full?: string; patch?: string; stdout?: string }): MotionCor2Logs {
  const shifts = texts.full !== undefined ? parseFullLog(texts.full) : parseStdoutShifts(texts.stdout ?? '');
  if (shifts.length === 0) throw new InvalidInputError('MotionCor2 output: no full-frame shifts in the log files or stdout');
  if (texts.patch === undefined) return { layout: 'full-frame', shifts, patches: [] };
  return { shifts, ...parsePatchLog(texts.patch) };
}
