// `cryoem-daq ops dead-letters|retry|discard`: the gateway's dead letters, listed by cause and acted on (audited by the gateway).
import type { Command } from 'commander';
import { z } from 'zod';
import { describeError } from '../../lib/errors.js';
import { gatewayAdmin } from '../gatewayAdmin.js';

const Listing = z.object({
  count: z.number(),
  byCause: z.record(z.string(), z.number()),
  letters: z.array(z.object({ callId: z.string(), function: z.string(), causeClass: z.string(), cause: z.string(), failedAt: z.string(), key: z.string().optional() })),
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
