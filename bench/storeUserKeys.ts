// Benchmark: the cost of deciding a user's S3 key per request (live access state → decide()) and of conditional PUT
// on the embedded store. Small objects, so the per-request work dominates; same store, same run, ratios printed:
//   user key / service key (GET and PUT into raw/A/), conditional PUT (If-Match) / plain PUT.
// Run: node --import tsx bench/storeUserKeys.ts [--count N]   (default 300 requests each)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessStateStore } from '../lib/access/accessState.js';
import { s3KeyPolicy } from '../lib/access/s3KeyPolicy.js';
import { createLogger } from '../lib/log.js';
import { createObjectStore } from '../lib/store/index.js';
import type { ObjectStore } from '../lib/store/index.js';
import { createAccessKey } from '../lib/store/keyTable.js';
import { startStoreService } from '../store/storeService.js';

const at = process.argv.indexOf('--count');
const COUNT = at > 0 ? Number(process.argv[at + 1]) : 300;
const SERVICE = { accessKeyId: 'BENCHSERVICEKEY1', secretAccessKey: 'bench-secret' };
const BODY = 'x'.repeat(1024);

async function perSecond(work: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < COUNT; i++) await work(i);
  return COUNT / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-user-keys-'));
  const table = join(dir, 'keys.json');
  const service = await startStoreService({
    dataDir: join(dir, 'data'), queueDir: join(dir, 'events'), host: '127.0.0.1', port: 0, region: 'us-east-1', ...SERVICE,
    keyTableFile: table, buckets: ['bench'], accessGraceSeconds: 0, log: createLogger('store', {}, () => undefined),
  });
  try {
    const endpoint = service.url;
    const admin = createObjectStore({ endpoint, region: 'us-east-1', bucket: 'bench', ...SERVICE });
    const now = Date.now();
    const state = await accessStateStore(admin).update((s) => {
      s.users.push({ name: 'olga', displayName: '', enabled: true, admin: false });
      s.experiments.push({ name: 'A', members: [{ user: 'olga', role: 'operator' }], windows: [{ microscope: '', from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 3_600_000).toISOString() }] });
    });
    const olgaUser = state.users[0];
    const k = await createAccessKey(table, s3KeyPolicy(state, olgaUser, 'bench'));
    const olga: ObjectStore = createObjectStore({ endpoint, region: 'us-east-1', bucket: 'bench', accessKeyId: k.id, secretAccessKey: k.secret });
    // Warm both paths (connections, key table read, state cache).
    await admin.put('raw/A/warm', BODY);
    await olga.getBytes('raw/A/warm');

    const putService = await perSecond((i) => admin.put(`raw/A/s/${i}`, BODY));
    const putUser = await perSecond((i) => olga.put(`raw/A/u/${i}`, BODY));
    const getService = await perSecond((i) => admin.getBytes(`raw/A/s/${i}`));
    const getUser = await perSecond((i) => olga.getBytes(`raw/A/u/${i}`));
    let etag = (await admin.put('raw/A/cas', BODY)).etag;
    const putConditional = await perSecond(async (i) => { etag = (await admin.put('raw/A/cas', `${BODY}${i}`, { ifMatch: etag })).etag; });
    const putPlain = await perSecond((i) => admin.put('raw/A/plain', `${BODY}${i}`));

    const row = (name: string, v: number) => `${name.padEnd(34)} ${v.toFixed(0).padStart(6)} req/s`;
    process.stdout.write([
      `${COUNT} requests each, 1 KiB objects, one client, sequential`,
      row('PUT service key (reference)', putService), row('PUT user key (decided per request)', putUser),
      row('GET service key (reference)', getService), row('GET user key (decided per request)', getUser),
      row('PUT plain, one key (reference)', putPlain), row('PUT If-Match, one key', putConditional),
      `ratio user/service: PUT ${(putUser / putService).toFixed(2)}  GET ${(getUser / getService).toFixed(2)}`,
      `ratio conditional/plain PUT: ${(putConditional / putPlain).toFixed(2)}`,
    ].join('\n') + '\n');
  } finally {
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
