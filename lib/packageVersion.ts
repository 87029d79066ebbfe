// The cryoem-daq package version (package.json at the repository root), recorded as the software version in results.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const PackageJson = z.object({ version: z.string().min(1) });

/** Read once: package.json sits one folder above lib/ in the checkout, the function images and the CLI bundle's sources. */
export const PACKAGE_VERSION: string = (() => {
  const url = new URL('../package.json', import.meta.url);
  const parsed = PackageJson.safeParse(JSON.parse(readFileSync(url, 'utf8')));
  if (!parsed.success) throw new Error(`${url.pathname}: no "version" string (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data.version;
})();
