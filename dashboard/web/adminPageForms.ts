// Small helpers for the access page's forms: submit → call the API → show the server's answer (or its refusal).
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';

export type Submit = (data: FormData) => Promise<string>;

/** A form whose submit runs `submit` and shows its message (success) or the error text (failure) below it. */
export function ActionForm({ name, submit, children }: { name: string; submit: Submit; children: ComponentChild[] }): ComponentChild {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    submit(new FormData(form)).then((text) => { setResult({ ok: true, text }); form.reset(); }, (err: Error) => setResult({ ok: false, text: err.message }));
  };
  return h('form', { class: 'action-form', 'data-form': name, onSubmit },
    ...children,
    result ? h('span', { class: result.ok ? 'ok' : 'error', 'data-result': result.ok ? 'ok' : 'error' }, result.text) : null,
  );
}

export const field = (name: string, label: string, extra: Record<string, unknown> = {}) =>
  h('label', null, `${label} `, h('input', { name, required: true, ...extra }));

export const text = (data: FormData, name: string): string => String(data.get(name) ?? '').trim();

/** A `datetime-local` value read as UTC (the page labels these fields UTC, like the server's reasons). */
export function utcIso(value: string): string {
  const d = new Date(value.length === 16 ? `${value}:00Z` : `${value}Z`);
  if (Number.isNaN(d.getTime())) throw new Error(`"${value}" is not a date and time`);
  return d.toISOString();
}

/** `2026-03-04T18:00:00.000Z` → `2026-03-04 18:00 UTC`, as the server words its reasons. */
export const utcText = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
