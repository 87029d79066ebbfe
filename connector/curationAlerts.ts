// The curation alert: every result JSON the connector hears of is judged with the session's curation thresholds
// (lib/curation), and K rejected exposures in a row in a live session raise an alert, resolved by an accepted one.
import type { Alerts } from '../lib/alerts/index.js';
import { createRejectionStreaks } from '../lib/alerts/index.js';
import { describeFailures, judgeMovie, loadCuration, metricsFromResults, type StepResultsOfMovie } from '../lib/curation/index.js';
import { resultKey, stepsTriggeredBy, type MovieRef, type StepName } from '../lib/events/pipeline.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../lib/log.js';
import type { ObjectStore } from '../lib/store/index.js';

export interface CurationAlerts {
  /** Called for every created object; judges the movie when the key is one of its step results. Never throws. */
  onObjectCreated(key: string): void;
  /** Resolves once every judgement started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/** The step whose result JSON triggers each step: what a triggering key is the result of. */
const PRODUCER: Partial<Record<StepName, 'motioncor' | 'ctffind' | 'pick'>> = { ctffind: 'motioncor', pick: 'ctffind', finalize: 'pick' };

/** The movie a step result JSON (motioncor, ctf or picks) belongs to; undefined for any other key. */
function movieOfResult(key: string): MovieRef | undefined {
  for (const hit of stepsTriggeredBy(key)) {
    const producer = PRODUCER[hit.step];
    if (producer && resultKey(producer, hit.ref) === key) return hit.ref;
  }
  return undefined;
}

async function resultsOf(store: ObjectStore, ref: MovieRef): Promise<StepResultsOfMovie> {
  const read = async (step: 'motioncor' | 'ctffind' | 'pick') => {
    const key = resultKey(step, ref);
    if (!(await store.head(key))) return undefined;
    return (JSON.parse(new TextDecoder().decode(await store.getBytes(key))) as { results?: unknown }).results;
  };
  return { motioncor: await read('motioncor'), ctffind: await read('ctffind'), pick: await read('pick') };
}

export function createCurationAlerts(deps: { store: ObjectStore; alerts: Alerts; rejectedInARow: number; log: Logger }): CurationAlerts {
  const streaks = createRejectionStreaks(Math.max(200, 4 * deps.rejectedInARow));
  // One chain per session: its judgements are applied in the order their events arrived.
  const chains = new Map<string, Promise<void>>();

  async function judge(ref: MovieRef): Promise<void> {
    const session = `${ref.experiment}/${ref.session}`;
    const settings = await loadCuration(deps.store, ref);
    const j = judgeMovie(metricsFromResults(await resultsOf(deps.store, ref)), settings.thresholds, settings.overrides[ref.movie]);
    if (j.decision === 'accepted' && j.pending.length > 0) return; // undecided until its pending metrics arrive
    const run = streaks.decided(session, ref.movie, j.decision);
    const k = deps.rejectedInARow;
    const firing = `${run} exposures in a row rejected by curation in live session ${session} (latest ${ref.movie}: ${describeFailures(j.failing) || 'by override'})`;
    await deps.alerts.set(`rejected:${session}`, run >= k, run >= k ? firing : `session ${session}: exposure ${ref.movie} accepted again`);
  }

  return {
    onObjectCreated(key) {
      const ref = movieOfResult(key);
      if (!ref) return;
      const session = `${ref.experiment}/${ref.session}`;
      const next = (chains.get(session) ?? Promise.resolve())
        .then(() => judge(ref))
        .catch((err: unknown) => deps.log.warn('curation alert: judgement failed', { key, error: describeError(err) }));
      chains.set(session, next);
      void next.then(() => { if (chains.get(session) === next) chains.delete(session); });
    },
    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}
