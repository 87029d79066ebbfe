// Reconciliation: list the bucket and call the step for every input whose result and error record are both missing.
import { errorKey, resultKey, stepsTriggeredBy } from '../lib/events/pipeline.js';
import type { MovieRef, StepName } from '../lib/events/pipeline.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../lib/log.js';
import { committedEtag, recordedInputEtag } from '../lib/steps/index.js';
import type { ObjectInfo, ObjectStore } from '../lib/store/index.js';
import { newOrigin, type GatewayClient } from './gatewayClient.js';
import type { TopicRouter } from './topicRouter.js';

export interface ReconcileSummary {
  objects: number;
  /** Step inputs found (one per input and step). */
  inputs: number;
  done: number;
  failed: number;
  emitted: { function: string; key: string }[];
  /** Pending inputs that no function's topic matches. */
  unrouted: string[];
  /** Calls the gateway refused. */
  errors: string[];
  seconds: number;
}

export interface ReconcileDeps {
  store: ObjectStore;
  topics: TopicRouter;
  gateway: GatewayClient;
  log: Logger;
  /** @default 8 */
  concurrency?: number;
}

type State = 'done' | 'failed' | 'pending';

/** Committed for this ETag, recorded as failed for it, or neither. */
async function stateOf(store: ObjectStore, all: Map<string, ObjectInfo>, step: StepName, ref: MovieRef, input: ObjectInfo): Promise<State> {
  if (all.has(resultKey(step, ref)) && (await committedEtag(store, step, ref)) === input.etag) return 'done';
  const eKey = errorKey(step, ref);
  if (all.has(eKey)) {
    const record = await store.head(eKey);
    if (record && recordedInputEtag(record.metadata) === input.etag) return 'failed';
  }
  return 'pending';
}

/** Runs `work` over `items` with at most `n` in flight. */
async function eachLimited<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

/** One pass over the bucket; events for pending inputs go through the same topic table as live events. */
export async function reconcile(deps: ReconcileDeps): Promise<ReconcileSummary> {
  const t0 = performance.now();
  const { store, topics, gateway, log } = deps;
  const all = new Map<string, ObjectInfo>();
  for await (const o of store.list('')) all.set(o.key, o);
  const work = [...all.values()].flatMap((input) => stepsTriggeredBy(input.key).map((hit) => ({ ...hit, input })));
  const summary: ReconcileSummary = { objects: all.size, inputs: work.length, done: 0, failed: 0, emitted: [], unrouted: [], errors: [], seconds: 0 };
  await eachLimited(work, deps.concurrency ?? 8, async ({ step, ref, input }) => {
    const state = await stateOf(store, all, step, ref, input);
    if (state !== 'pending') { summary[state]++; return; }
    const targets = topics.match(input.key);
    if (targets.length === 0) summary.unrouted.push(input.key);
    for (const name of targets) {
      try {
        const origin = newOrigin('connector reconcile');
        const { callId } = await gateway.invokeAsync(name, { bucket: store.bucket, key: input.key, etag: input.etag, force: false }, origin);
        log.info('forwarded', { function: name, key: input.key, callId: callId ?? origin.callId });
        summary.emitted.push({ function: name, key: input.key });
      } catch (err) {
        summary.errors.push(`${name} ${input.key}: ${describeError(err)}`);
      }
    }
  });
  summary.seconds = (performance.now() - t0) / 1000;
  log.info('reconciled', { objects: summary.objects, inputs: summary.inputs, done: summary.done, failed: summary.failed, emitted: summary.emitted.length, unrouted: summary.unrouted.length, errors: summary.errors.length, seconds: summary.seconds });
  return summary;
}
