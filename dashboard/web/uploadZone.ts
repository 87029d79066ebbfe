// Drag-and-drop (or pick) movies onto the session: one progress bar per file, refusals shown with the reason.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { rightOf, useMe } from './loginState.js';
import { pendingUploads, uploadFile } from './upload.js';
import type { UploadProgress } from './upload.js';

export function UploadZone({ experiment, session }: { experiment: string; session: string }): ComponentChild {
  const [files, setFiles] = useState<Record<string, UploadProgress>>({});
  const [over, setOver] = useState(false);
  // Outside the booked window (or without the role) the server would refuse: say so instead of offering the drop.
  const may = rightOf(useMe(), experiment, 'upload');
  if (may && !may.allow) {
    return h('section', { class: 'upload' }, h('div', { class: 'dropzone disabled', 'data-testid': 'dropzone', 'data-disabled': 'true' },
      h('p', { class: 'reason', 'data-testid': 'upload-reason' }, `Uploading is disabled: ${may.reason}.`)));
  }
  const pending = pendingUploads(experiment, session).filter((n) => !files[n]);
  const take = (list: FileList | null) => {
    for (const f of Array.from(list ?? [])) void uploadFile(experiment, session, f, (p) => setFiles((old) => ({ ...old, [p.name]: p })));
  };
  return h('section', { class: 'upload' },
    h('div', {
      class: `dropzone${over ? ' over' : ''}`, 'data-testid': 'dropzone',
      onDragOver: (e: DragEvent) => { e.preventDefault(); setOver(true); },
      onDragLeave: () => setOver(false),
      onDrop: (e: DragEvent) => { e.preventDefault(); setOver(false); take(e.dataTransfer?.files ?? null); },
    },
      h('p', null, `Drop movies (.tif, .tiff, .mrc, .eer) here to upload them into raw/${experiment}/${session}/ — or `),
      h('input', { type: 'file', multiple: true, onChange: (e: Event) => take((e.target as HTMLInputElement).files) }),
    ),
    pending.length ? h('p', { class: 'hint' }, `Unfinished uploads (drop the same file again to resume): ${pending.join(', ')}`) : null,
    h('ul', { class: 'uploads' }, ...Object.values(files).map((p) => h('li', { key: p.name, class: `up st-${p.state}`, 'data-file': p.name, 'data-state': p.state },
      h('span', { class: 'name' }, p.name),
      h('progress', { max: 100, value: Math.round(p.fraction * 100) }),
      h('span', { class: 'pct' }, `${Math.round(p.fraction * 100)}%`),
      p.message ? h('span', { class: 'message' }, p.message) : h('span', { class: 'message' }, p.state),
    ))),
  );
}
