// bench/ui's sessions case: GET /ui/api/sessions from the event-kept index vs today's full listing of the bucket.
import { createSessionIndex } from '../../dashboard/server/sessionIndex.js';
import { listSessions } from '../../dashboard/server/sessions.js';
import { STEP_FOLDER, STEP_OUTPUT_SUFFIXES, STEPS } from '../../lib/events/pipeline.js';
import type { ObjectInfo, ObjectStore } from '../../lib/store/index.js';
import { median } from './median.js';

/**
 * A synthetic bucket of `sessions` × `movies`, every step done (14 objects a movie, 1 % with an error
 * record), generated as it is listed. In memory: no HTTP, so the listing's cost here is a floor; a
 * real S3 listing adds one round trip per 1,000 keys.
 */
function syntheticBucket(sessions: number, movies: number): { store: ObjectStore; objects: number } {
  const when = new Date('2026-01-01T00:00:00Z');
  const info = (key: string): ObjectInfo => ({ key, size: 1000, etag: 'e', lastModified: when, metadata: {} });
  const session = (i: number): string => `20260101_krios${i}`;
  async function* list(prefix: string): AsyncIterable<ObjectInfo> {
    for (let s = 0; s < sessions; s++) {
      const base = `bench/${session(s)}`;
      if (prefix === 'params/') yield info(`params/${base}/session.json`);
      for (let m = 0; m < movies; m++) {
        const movie = `FoilHole_${m}_Data`;
        if (prefix === 'raw/') yield info(`raw/${base}/${movie}.tif`);
        if (prefix !== 'processed/') continue;
        for (const step of STEPS) for (const suffix of STEP_OUTPUT_SUFFIXES[step]) yield info(`processed/${base}/${STEP_FOLDER[step]}/${movie}${suffix}`);
        if (m % 100 === 0) yield info(`processed/${base}/errors/${movie}.pick.json`);
      }
    }
  }
  const perMovie = 1 + STEPS.reduce((n, s) => n + STEP_OUTPUT_SUFFIXES[s].length, 0);
  return { store: { list } as unknown as ObjectStore, objects: sessions * (1 + movies * perMovie + Math.ceil(movies / 100)) };
}

const ms = async (f: () => Promise<unknown>): Promise<number> => { const t0 = performance.now(); await f(); return performance.now() - t0; };

/** Prints the times of both ways to answer the sessions page, and their ratio. */
export async function benchSessionsListing(sessions: number, movies: number, repeats: number, write: (s: string) => void): Promise<void> {
  const { store, objects } = syntheticBucket(sessions, movies);
  const listing: number[] = [];
  for (let i = 0; i < repeats; i++) listing.push(await ms(() => listSessions(store)));
  const index = createSessionIndex(store);
  const build = await ms(() => index.summaries());
  // The pipeline keeps writing: 1,000 events between requests.
  const answers: number[] = [];
  for (let i = 0; i < 5; i++) {
    for (let e = 0; e < 1000; e++) index.apply(`processed/bench/20260101_krios${e % sessions}/errors/new_${i}_${e}.ctffind.json`, 's3:ObjectCreated:Put');
    answers.push(await ms(() => index.summaries()));
  }
  const [full, summary] = [median(listing), median(answers)];
  write(`GET /ui/api/sessions, ${sessions} sessions × ${movies} movies (${objects.toLocaleString('en')} objects, in-memory store):\n`);
  write(`  full listing (before), median of ${repeats}  ${full.toFixed(0)} ms\n`);
  write(`  event-kept summaries, median of 5     ${summary.toFixed(2)} ms   (target < 1000 ms; first request builds it: ${build.toFixed(0)} ms, once)\n`);
  write(`  ratio full listing / summaries: ${(full / summary).toFixed(0)}×\n`);
}
