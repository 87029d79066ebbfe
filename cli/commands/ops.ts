// `cryoem-daq ops status|dead-letters|retry|discard`: the queue and the last hour's throughput, and the gateway's dead
// letters, listed by cause and acted on (audited by the gateway).
import type { Command } from 'commander';
import { z } from 'zod';
import { describeError } from '../../lib/errors.js';
import { gatewayAdmin } from '../gatewayAdmin.js';

const Listing = z.object({
  count: z.number(),
  byCause: z.record(z.string(), z.number()),
  letters: z.array(z.object({ callId: z.string(), function: z.string(), causeClass: z.string(), cause: z.string(), failedAt: z.string(), key: z.string().optional() })),
});
const Queue = z.object({ queued: z.number(), inflight: z.number(), functions: z.array(z.object({ name: z.string(), queued: z.number(), inflight: z.number() })) });
const Throughput = z.object({
  windowSeconds: z.number(), moviesFinalized: z.number(), moviesPerHour: z.number(),
  steps: z.array(z.object({ function: z.string(), succeeded: z.number(), failed: z.number(), p50Seconds: z.number().nullable(), p95Seconds: z.number().nullable() })),
});
const Action = z.object({ callId: z.string(), function: z.string(), causeClass: z.string() });
const Acted = z.object({ retried: z.array(Action).optional(), discarded: z.array(Action).optional() });

function guarded<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`cryoem-daq ops: ${describeError(err)}\n`);
      process.exitCode = 1;
    }
  };
}

async function act(action: 'retry' | 'discard', ids: string[], flags: { cause?: string }): Promise<void> {
  if ((ids.length > 0) === (flags.cause !== undefined)) throw new Error(`${action}: give call ids or --cause <function:status>, not both or neither`);
  const select = flags.cause !== undefined ? { causeClass: flags.cause } : { callIds: ids };
  const out = await gatewayAdmin().post(`/system/dead-letters/${action}`, select, Acted);
  const done = out.retried ?? out.discarded ?? [];
  for (const d of done) process.stdout.write(`${action === 'retry' ? 'retried  ' : 'discarded'} ${d.callId} ${d.causeClass}\n`);
  process.stdout.write(`${done.length} letter(s) ${action === 'retry' ? 'retried' : 'discarded'}\n`);
}

export function register(program: Command): void {
  const ops = program.command('ops').description('operations on a running gateway (GATEWAY_URL, GATEWAY_USER, GATEWAY_PASSWORD)');
  ops.command('status')
    .description('async calls waiting and running per function; movies/h and each step\'s p50/p95 over the last minutes')
    .option('--minutes <n>', 'window of the throughput figures', '60')
    .option('--json', 'print the gateway\'s JSON')
    .action(guarded(async (flags: { minutes: string; json?: boolean }) => {
      const admin = gatewayAdmin();
      const [q, t] = await Promise.all([admin.get('/system/queue', Queue), admin.get(`/system/throughput?minutes=${encodeURIComponent(flags.minutes)}`, Throughput)]);
      if (flags.json) return void process.stdout.write(JSON.stringify({ queue: q, throughput: t }, null, 2) + '\n');
      const s = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)} s`);
      process.stdout.write(`calls: ${q.queued} queued, ${q.inflight} in flight\n`);
      for (const f of q.functions) process.stdout.write(`  ${f.name.padEnd(12)} ${String(f.queued).padStart(5)} queued ${String(f.inflight).padStart(3)} in flight\n`);
      process.stdout.write(`last ${t.windowSeconds / 60} min: ${t.moviesFinalized} movie(s) finalized, ${t.moviesPerHour.toFixed(0)} movies/h\n`);
      for (const x of t.steps) process.stdout.write(`  ${x.function.padEnd(12)} ${String(x.succeeded).padStart(5)} ok ${String(x.failed).padStart(4)} failed  p50 ${s(x.p50Seconds)}  p95 ${s(x.p95Seconds)}\n`);
    }));
  ops.command('dead-letters')
    .description('list dead letters: counts by cause (function:status), then one line per letter')
    .option('--json', 'print the gateway\'s JSON')
    .action(guarded(async (flags: { json?: boolean }) => {
      const l = await gatewayAdmin().get('/system/dead-letters', Listing);
      if (flags.json) return void process.stdout.write(JSON.stringify(l, null, 2) + '\n');
      process.stdout.write(`${l.count} dead letter(s)\n`);
      for (const [cause, n] of Object.entries(l.byCause)) process.stdout.write(`  ${String(n).padStart(5)}  ${cause}\n`);
      for (const d of l.letters) process.stdout.write(`${d.failedAt}  ${d.callId}  ${d.causeClass}  ${d.key ?? '-'}  ${d.cause.split('\n')[0].slice(0, 160)}\n`);
    }));
  for (const action of ['retry', 'discard'] as const) {
    ops.command(action)
      .description(action === 'retry' ? 'put dead letters back on the queue (same call id and body)' : 'delete dead letters for good')
      .argument('[call-ids...]', 'call ids (X-Call-Id)')
      .option('--cause <class>', 'every letter of this cause class, e.g. motioncor:500')
      .action(guarded((ids: string[], flags: { cause?: string }) => act(action, ids, flags)));
  }
}
