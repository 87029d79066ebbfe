// Session parameters form (optics, dose, particle size, gain reference with rotation/flip); saving offers to reprocess.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { API, errorText, getJson, sendJson, sessionPath } from './api.js';
import { sessionDiameterEstimate } from './diameterEstimate.js';
import type { PickEstimate } from './diameterEstimate.js';
import { moviesToReprocess } from './reprocessOffer.js';
import type { OnDefaults } from './reprocessOffer.js';
import { problemsFromMessage } from './settingsPaths.js';
import { settingsInputs } from './settingsFields.js';

type Params = Record<string, unknown> & { gain?: { key: string; rotate: number; flip: number }; setByPerson?: string[] };

/** Only fields a person set before or changed now: saving must not turn the defaults shown into a person's choice. */
function personFields(params: Params, loaded: Params): Params {
  const keep = new Set([...(loaded.setByPerson ?? []), ...Object.keys(params).filter((k) => JSON.stringify(params[k]) !== JSON.stringify(loaded[k]))]);
  return Object.fromEntries(Object.entries(params).filter(([k]) => keep.has(k) && k !== 'setByPerson'));
}
const FIELDS: [string, string][] = [
  ['pixelSizeA', 'Pixel size (Å)'], ['voltageKv', 'Voltage (kV)'], ['csMm', 'Cs (mm)'], ['amplitudeContrast', 'Amplitude contrast'],
  ['dosePerFrame', 'Dose per frame (e⁻/Å²)'],
];

/** The diameter as typed: a plain number is sent as one, anything else ("70-110") as text for the server to validate. */
function diameterValue(text: string): string | number {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text.trim();
}
function diameterText(v: unknown): string {
  if (v !== null && typeof v === 'object' && 'min' in v && 'max' in v) return `${String(v.min)}-${String(v.max)}`;
  return v === undefined || v === null ? '' : String(v);
}

interface ParamsFormProps {
  experiment: string;
  session: string;
  /** Reprocess the named movies, or the whole session without a list. */
  onReprocess: (movies?: string[]) => void;
  /** The session's movies: the optics they were processed on defaults for (saving offers exactly those it fixes), their pick estimates. */
  rows?: readonly (OnDefaults & PickEstimate)[];
}

/** "estimated 76 Å from 5 micrographs, you entered 110 Å" beside the diameter field (issue 22). */
function diameterHint(rows: readonly PickEstimate[], loaded: Params): ComponentChild {
  const e = sessionDiameterEstimate(rows);
  if (!e) return null;
  const stated = loaded.particleDiameterA === undefined ? '' : diameterText(loaded.particleDiameterA);
  // Only a person's value is "entered"; otherwise the picker ran on the default.
  const against = stated === '' ? '' : loaded.setByPerson?.includes('particleDiameterA') ? `, you entered ${stated} Å` : `, the default is ${stated} Å`;
  return h('span', { class: 'hint', 'data-pick': 'session-estimate' }, `estimated ${Math.round(e.diameterA)} Å from ${e.micrographs} micrograph(s)${against}`);
}

/** The movies these parameters fix (processed on a default now set), then the whole session. */
function reprocessOffer(fix: { movies: string[]; fields: string[] }, reprocess: (movies?: string[]) => void): ComponentChild {
  return h('p', { class: 'reprocess-offer' },
    fix.movies.length ? h('button', { type: 'button', class: 'on-defaults', 'data-reprocess': 'defaults', onClick: () => reprocess(fix.movies) },
      `Reprocess the ${fix.movies.length} movie(s) processed on a default ${fix.fields.join(', ')}`) : null,
    h('button', { type: 'button', 'data-reprocess': 'session', onClick: () => reprocess() }, 'Reprocess the whole session with these parameters'));
}

export function ParamsForm({ experiment, session, onReprocess, rows = [] }: ParamsFormProps): ComponentChild {
  const path = `${sessionPath(experiment, session)}/params`;
  const [params, setParams] = useState<Params | null>(null);
  const [loaded, setLoaded] = useState<Params>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [gain, setGain] = useState<{ file: File | null; rotate: number; flip: number }>({ file: null, rotate: 0, flip: 0 });
  useEffect(() => { getJson<Params>(path).then((p) => { setParams(p); setLoaded(p); }, (e: Error) => setMessage(e.message)); }, [path]);
  if (!params) return h('section', { class: 'params' }, message ?? 'Loading parameters…');
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      let next = await sendJson<Params>('PUT', path, personFields(params, loaded));
      if (gain.file) {
        const res = await fetch(`${API}${sessionPath(experiment, session)}/gain?name=${encodeURIComponent(gain.file.name)}&rotate=${gain.rotate}&flip=${gain.flip}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: gain.file });
        if (!res.ok) throw new Error(await errorText(res));
        next = (await res.json()) as Params;
      }
      setParams(next);
      setLoaded({ ...next, setByPerson: Object.keys(personFields(params, loaded)) });
      setSaved(true);
      setProblems({});
      setMessage('Parameters saved.');
    } catch (err) {
      setMessage((err as Error).message);
      setProblems(problemsFromMessage((err as Error).message));
    }
  };
  return h('form', { class: 'params', onSubmit: save },
    h('h2', null, 'Session parameters'),
    ...FIELDS.map(([name, label]) => h('label', null, label, h('input', {
      type: 'number', step: 'any', name, value: String(params[name] ?? ''),
      onInput: (e: Event) => setParams({ ...params, [name]: Number((e.target as HTMLInputElement).value) }),
    }))),
    h('label', null, 'Particle diameter (Å)', h('input', {
      type: 'text', name: 'particleDiameterA', value: diameterText(params.particleDiameterA), placeholder: '80 or 70-110',
      title: 'one diameter (searched from 0.7× up to it) or a range such as 70-110', 'aria-invalid': problems.particleDiameterA ? 'true' : undefined,
      onInput: (e: Event) => setParams({ ...params, particleDiameterA: diameterValue((e.target as HTMLInputElement).value) }),
    }), problems.particleDiameterA ? h('span', { class: 'problem' }, problems.particleDiameterA) : null, diameterHint(rows, loaded)),
    ...settingsInputs(params, problems, (next) => setParams(next as Params)),
    h('label', null, `Gain reference${params.gain ? ` (now ${params.gain.key})` : ''}`, h('input', { type: 'file', onChange: (e: Event) => setGain({ ...gain, file: (e.target as HTMLInputElement).files?.[0] ?? null }) })),
    h('label', null, 'Gain rotation', h('select', { value: String(gain.rotate), onChange: (e: Event) => setGain({ ...gain, rotate: Number((e.target as HTMLSelectElement).value) }) },
      ...['0°', '90°', '180°', '270°'].map((t, i) => h('option', { value: String(i) }, t)))),
    h('label', null, 'Gain flip', h('select', { value: String(gain.flip), onChange: (e: Event) => setGain({ ...gain, flip: Number((e.target as HTMLSelectElement).value) }) },
      ...['none', 'upside down', 'left-right'].map((t, i) => h('option', { value: String(i) }, t)))),
    h('button', { type: 'submit' }, 'Save'),
    message ? h('p', { class: 'message' }, message) : null,
    saved ? reprocessOffer(moviesToReprocess(rows, loaded.setByPerson ?? []), (movies) => { setSaved(false); onReprocess(movies); }) : null,
  );
}
