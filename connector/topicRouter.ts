// Which functions a key goes to: the `topic` annotations of GET /system/functions (lib/stack/topics globs), refreshed periodically.
import { z } from 'zod';
import { describeError, ToolFailedError } from '../lib/errors.js';
import type { Logger } from '../lib/log.js';
import { splitTopics, topicMatcher } from '../lib/stack/topics.js';
import type { GatewayClient } from './gatewayClient.js';

const FunctionList = z.array(z.object({ name: z.string(), annotations: z.record(z.string(), z.string()).nullish() }));

export interface TopicRouter {
  /** Names of the functions whose topic matches `key`. */
  match(key: string): string[];
  /** True once the function list has been read at least once. */
  ready(): boolean;
  refresh(): Promise<void>;
  stop(): void;
}

/** Reads topics now and every `refreshMs`; a failed refresh keeps the last known table. */
export function createTopicRouter(gateway: GatewayClient, refreshMs: number, log: Logger): TopicRouter {
  let table: { name: string; topics: string[]; test: (key: string) => boolean }[] | null = null;
  async function refresh(): Promise<void> {
    const parsed = FunctionList.safeParse(await gateway.listFunctions());
    if (!parsed.success) throw new ToolFailedError(`gateway /system/functions: unexpected body (${parsed.error.issues[0]?.message})`);
    const next = parsed.data.flatMap((f) => {
      const topics = splitTopics(f.annotations?.topic ?? '');
      return topics.length ? [{ name: f.name, topics, test: topicMatcher(f.annotations?.topic ?? '') }] : [];
    });
    if (JSON.stringify(next.map((t) => [t.name, t.topics])) !== JSON.stringify(table?.map((t) => [t.name, t.topics]))) {
      log.info('topics', { functions: Object.fromEntries(next.map((t) => [t.name, t.topics])) });
    }
    table = next;
  }
  const timer = setInterval(() => {
    refresh().catch((err: unknown) => log.warn('topic refresh failed; keeping the last table', { error: describeError(err) }));
  }, refreshMs);
  timer.unref();
  return {
    match: (key) => (table ?? []).filter((t) => t.test(key)).map((t) => t.name),
    ready: () => table !== null,
    refresh,
    stop: () => clearInterval(timer),
  };
}
