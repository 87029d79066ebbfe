// The operations page's dead letters: per cause class "retry all" / "discard all", per letter retry / discard, and a
// link from a letter's movie to its trace.
import { h } from 'preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import type { DeadLetterRow } from '../server/opsGateway.js';
import { sendJson } from './api.js';
import { readableCause } from './opsPageCause.js';

interface Props {
  letters: DeadLetterRow[];
  byCause: Record<string, number>;
  /** Reloads the overview after an action. */
  changed: () => Promise<void>;
  /** Shows this key's trace below. */
  trace: (key: string) => void;
}

type Select = { callIds: string[] } | { causeClass: string };

export function DeadLetterPanel({ letters, byCause, changed, trace }: Props): ComponentChild {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const act = (action: 'retry' | 'discard', select: Select) => {
    setBusy(true);
    sendJson<Record<string, unknown[]>>('POST', `ops/dead-letters/${action}`, select)
      .then((r) => setMessage(`${action === 'retry' ? 'retried' : 'discarded'} ${Object.values(r)[0]?.length ?? 0} letter(s)`), (e: Error) => setMessage(e.message))
      .finally(() => { setBusy(false); void changed(); });
  };
  const button = (label: string, name: string, onClick: () => void) => h('button', { type: 'button', 'data-act': name, disabled: busy, onClick }, label);
  return h('section', { class: 'ops-letters' },
    h('h2', null, `Dead letters (${letters.length})`),
    message ? h('p', { class: 'hint', 'data-message': '' }, message) : null,
    letters.length === 0 ? h('p', { class: 'hint' }, 'None: every call finished or is still being retried.') : h('div', null,
      h('ul', { class: 'causes' }, ...Object.entries(byCause).map(([cause, n]) => h('li', { key: cause, 'data-cause': cause },
        h('code', null, cause), ` ${n} letter(s)`,
        button('retry all', 'retry-cause', () => act('retry', { causeClass: cause })),
        button('discard all', 'discard-cause', () => act('discard', { causeClass: cause })),
      ))),
      h('table', { class: 'sessions' },
        h('thead', null, h('tr', null, ...['failed at', 'function', 'cause', 'movie key', ''].map((c) => h('th', null, c)))),
        h('tbody', null, ...letters.map((l) => h('tr', { key: l.callId, 'data-letter': l.callId },
          h('td', null, new Date(l.failedAt).toLocaleString()),
          h('td', null, l.function),
          h('td', { class: 'cause', title: l.cause }, h('code', null, l.causeClass), ' ', readableCause(l.cause).slice(0, 160)),
          h('td', null, l.key ? h('a', { href: '#/ops', onClick: (e: Event) => { e.preventDefault(); trace(l.key!); } }, l.key) : '–'),
          h('td', null, button('retry', 'retry', () => act('retry', { callIds: [l.callId] })), button('discard', 'discard', () => act('discard', { callIds: [l.callId] }))),
        ))),
      ),
    ),
  );
}
