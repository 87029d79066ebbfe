// Child process for the manifest concurrency test: appends `count` rows, one call each, tagged with `name`.
import { appendManifestRows } from '../../../lib/archive/index.js';

const [sessionDir, name, count] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  await appendManifestRows(sessionDir, [{ time: new Date().toISOString(), sha256: `${name}-${i}`.padEnd(64, '0'), size: i, path: `raw/${name}/${i}.tif`, key: `raw/e/s/${name}/${i}.tif`, etag: 'e' }]);
}
