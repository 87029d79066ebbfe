// Processing-settings inputs of the parameters form (pick threshold, CTF search, motion B-factor); empty = the step's default.
import { h } from 'preact';
import type { ComponentChild } from 'preact';

type Params = Record<string, unknown>;

/** [path, label, hint]: path may be nested (`ctfSearch.minResA`). */
export const SETTINGS_FIELDS: [string, string, string][] = [
  ['pickThreshold', 'Pick threshold (0–1)', 'candidates scoring below are dropped'],
  ['ctfSearch.minResA', 'CTF low-resolution limit (Å)', 'e.g. 30'],
  ['ctfSearch.maxResA', 'CTF high-resolution limit (Å)', 'e.g. 5; smaller than the low limit'],
  ['ctfSearch.minDefocusA', 'CTF lowest defocus (Å)', 'e.g. 5000'],
  ['ctfSearch.maxDefocusA', 'CTF highest defocus (Å)', 'e.g. 50000'],
  ['motionBfactor', 'Motion B-factor (Å²)', 'alignment low-pass; default 150'],
];

function getPath(params: Params, path: string): unknown {
  const [a, b] = path.split('.');
  const v = params[a];
  return b === undefined ? v : typeof v === 'object' && v !== null ? (v as Params)[b] : undefined;
}

/** Copy of params with `path` set (or removed when the input is empty, so the default applies). */
export function setPath(params: Params, path: string, text: string): Params {
  const value = text.trim() === '' ? undefined : Number(text);
  const [a, b] = path.split('.');
  if (b === undefined) {
    const { [a]: _old, ...rest } = params;
    return value === undefined ? rest : { ...rest, [a]: value };
  }
  const inner = { ...((params[a] as Params | undefined) ?? {}) };
  if (value === undefined) delete inner[b];
  else inner[b] = value;
  const { [a]: _old, ...rest } = params;
  return Object.keys(inner).length === 0 ? rest : { ...rest, [a]: inner };
}

/** The inputs; `problems` maps a path to the server's validation message for it. */
export function settingsInputs(params: Params, problems: Record<string, string>, onChange: (next: Params) => void): ComponentChild[] {
  return SETTINGS_FIELDS.map(([path, label, hint]) => h('label', { title: hint }, label, h('input', {
    type: 'number', step: 'any', name: path, placeholder: hint, value: String(getPath(params, path) ?? ''),
    'aria-invalid': problems[path] ? 'true' : undefined,
    onInput: (e: Event) => onChange(setPath(params, path, (e.target as HTMLInputElement).value)),
  }), problems[path] ? h('span', { class: 'problem' }, problems[path]) : null));
}

/** Field messages from the server's 400 text (`session parameters: ctfSearch.maxResA: message; …`). */
export function problemsFromMessage(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.replace(/^[^:]*:\s*/, '').split(/;\s*/)) {
    const m = /^([\w.]+): (.+)$/.exec(part);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
