// Session bundles: a streamed tar of STAR files, sums, CTF and pick outputs with a sha256 manifest; raw movies as links.
export { planBundle } from './bundlePlan.js';
export type { BundleFile, BundlePlan, BundleWhat } from './bundlePlan.js';
export { writeBundleTar } from './bundleTar.js';
export type { BundleManifest } from './bundleTar.js';
export { fetchCommands } from './fetchCommands.js';
export type { RawAccess } from './fetchCommands.js';
