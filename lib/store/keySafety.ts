// The one rule that keeps object keys data, never paths: the embedded store refuses, and the pipeline never derives,
// a key or bucket whose decoded form could climb out of its folder or hide a control character.

/** Decodes percent-escapes until the text is stable (double-encoded `%252e` is read as `.`); null if not UTF-8. */
function decodedForms(value: string): string[] | null {
  const forms = [value];
  let current = value;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(current); i++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      return null; // invalid or overlong UTF-8 (`%c0%ae`): not a name we can store faithfully
    }
    forms.push(current);
  }
  return forms;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what this rule looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function formProblem(form: string, allowTrailingSlash: boolean): string | null {
  if (form.includes('\\')) return 'contains a backslash';
  if (CONTROL.test(form)) return 'contains a NUL or control character';
  if (form.includes('\ufffd')) return 'contains an invalid UTF-8 sequence';
  const segments = form.split('/');
  if (allowTrailingSlash && segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  for (const s of segments) {
    if (s === '') return 'has an empty path segment';
    if (s === '.' || s === '..') return `has a "${s}" path segment`;
  }
  return null;
}

export interface KeyProblemOptions {
  /** Allow one trailing `/` (listing prefixes such as `raw/`). @default false */
  allowTrailingSlash?: boolean;
}

/** Why `key` (as decoded once by the HTTP layer) is unsafe as a stored name, or null when it is fine. */
export function keyProblem(key: string, options: KeyProblemOptions = {}): string | null {
  if (key.length === 0) return 'is empty';
  const forms = decodedForms(key);
  if (!forms) return 'is not valid percent-encoded UTF-8';
  for (const form of forms) {
    const problem = formProblem(form, options.allowTrailingSlash ?? false);
    if (problem) return problem;
  }
  return null;
}

/** Why `name` is unsafe as one segment of a key (experiment, session, bucket): a `/` is a problem too. */
export function segmentProblem(name: string): string | null {
  if (name.includes('/')) return 'contains a "/"';
  return keyProblem(name);
}
