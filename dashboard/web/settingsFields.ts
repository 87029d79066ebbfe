// Processing-settings inputs of the parameters form (pick threshold, CTF search, motion B-factor); empty = the step's default.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { getPath, setPath, SETTINGS_FIELDS } from './settingsPaths.js';
import type { Params } from './settingsPaths.js';

/** The inputs; `problems` maps a path to the server's validation message for it. */
export function settingsInputs(params: Params, problems: Record<string, string>, onChange: (next: Params) => void): ComponentChild[] {
  return SETTINGS_FIELDS.map(([path, label, hint]) => h('label', { title: hint }, label, h('input', {
    type: 'number', step: 'any', name: path, placeholder: hint, value: String(getPath(params, path) ?? ''),
    'aria-invalid': problems[path] ? 'true' : undefined,
    onInput: (e: Event) => onChange(setPath(params, path, (e.target as HTMLInputElement).value)),
  }), problems[path] ? h('span', { class: 'problem' }, problems[path]) : null));
}
