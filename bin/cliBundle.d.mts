/** True when dist/cli/inputs.json exists under `root` and every input listed there is older than the build. */
export function bundleIsFresh(root: URL): boolean;
