// Whether the bundled CLI in dist/cli (scripts/buildCli.mjs) may run: it exists and no source it was built
// from changed or vanished after the build began.
import { readFileSync, statSync } from 'node:fs';

/** @param {URL} root the project folder (ending in /) */
export function bundleIsFresh(root) {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    return Array.isArray(inputs) && inputs.length > 0 && inputs.every((f) => statSync(new URL(f, root)).mtimeMs < builtAt);
  } catch {
    return false;
  }
}
