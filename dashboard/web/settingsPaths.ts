// Processing settings of the parameters form as data: their paths, labels, edits and the server's messages (no DOM, no preact).

export type Params = Record<string, unknown>;

/** [path, label, hint]: path may be nested (`ctfSearch.minResA`). */
export const SETTINGS_FIELDS: [string, string, string][] = [
  ['pickThreshold', 'Pick threshold (0–1)', 'peaks below 2 + 20 × this σ are dropped; default 0.1 = 4 σ'],
  ['ctfSearch.minResA', 'CTF low-resolution limit (Å)', 'e.g. 30'],
  ['ctfSearch.maxResA', 'CTF high-resolution limit (Å)', 'e.g. 5; smaller than the low limit'],
  ['ctfSearch.minDefocusA', 'CTF lowest defocus (Å)', 'e.g. 5000'],
  ['ctfSearch.maxDefocusA', 'CTF highest defocus (Å)', 'e.g. 50000'],
  ['motionBfactor', 'Motion B-factor (Å²)', 'alignment low-pass; default 150'],
];

export function getPath(params: Params, path: string): unknown {
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

/** Field messages from the server's 400 text (`session parameters: ctfSearch.maxResA: message; …`). */
export function problemsFromMessage(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.replace(/^[^:]*:\s*/, '').split(/;\s*/)) {
    const m = /^([\w.]+): (.+)$/.exec(part);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
