// Where the bundled CLI keeps its pre-built worker tasks: scripts/buildCli.mjs bundles every lib file named …Task.ts as
// its own entry and defines CRYOEM_TASK_BUNDLE in the bundle; from the sources it is undefined and tasks run as .ts.
import { z } from 'zod';

declare const CRYOEM_TASK_BUNDLE: string | undefined;

const TaskBundle = z.object({
  /** The project folder the task sources are named from (file URL ending in /). */
  root: z.string().url(),
  /** The folder holding tasks/<source path>.mjs (file URL ending in /). */
  bundle: z.string().url(),
  /** Task sources bundled, relative to root. */
  tasks: z.array(z.string()),
});

function parseBundle(text: string | undefined): Map<string, string> {
  if (text === undefined) return new Map();
  const b = TaskBundle.parse(JSON.parse(text));
  return new Map(b.tasks.map((t) => [new URL(t, b.root).href, new URL(`tasks/${t.replace(/\.ts$/, '.mjs')}`, b.bundle).href]));
}

const bundled = parseBundle(typeof CRYOEM_TASK_BUNDLE === 'string' ? CRYOEM_TASK_BUNDLE : undefined);

/** The module a worker should load for `task`: its bundled build when this is the bundled CLI, else the source itself. */
export function taskModuleHref(task: URL, bundle?: Map<string, string>): string {
  return (bundle ?? bundled).get(task.href) ?? task.href;
}

export { parseBundle as parseTaskBundle };
