// `cryoem-daq trace <key>`: one movie's timeline from the gateway (store event, queued, each attempt with status and time,
// done with the result JSON it wrote, or dead letter).
import type { Command } from 'commander';
import { z } from 'zod';
import { describeError } from '../../lib/errors.js';
import { gatewayAdmin } from '../gatewayAdmin.js';

const Trace = z.object({
  key: z.string(),
  movie: z.string().nullable(),
  entries: z.array(z.object({
    time: z.string(), callId: z.string(), function: z.string(), event: z.string(), key: z.string().optional(),
    attempt: z.number().optional(), status: z.number().nullable().optional(), seconds: z.number().optional(), cause: z.string().optional(),
    source: z.string().optional(), outputs: z.array(z.string()).optional(),
  })),
});

/** One line per event: time, function, event, attempt and status, duration, call id, then cause, source or outputs. */
function line(e: z.infer<typeof Trace>['entries'][number]): string {
  const status = e.status === undefined ? '' : ` ${e.status ?? 'unreachable'}`;
  const attempt = e.event === 'attempt' ? ` #${e.attempt ?? '?'}` : '';
  const secs = e.seconds === undefined ? '' : ` ${e.seconds.toFixed(2)} s`;
  const cause = e.cause ? `  ${e.cause.split('\n')[0].slice(0, 160)}` : '';
  const from = e.source ? `  from ${e.source} (${e.key ?? '?'})` : '';
  const outputs = e.outputs?.length ? `  → ${e.outputs.join(', ')}` : '';
  return `${e.time}  ${e.function.padEnd(10)} ${(e.event + attempt + status).padEnd(18)}${secs.padStart(10)}  ${e.callId}${cause}${from}${outputs}\n`;
}

export function register(program: Command): void {
  program.command('trace')
    .description('show one movie\'s timeline through the pipeline, from any of its step input keys (GATEWAY_URL, GATEWAY_USER, GATEWAY_PASSWORD)')
    .argument('<key>', 'object key, e.g. raw/<exp>/<session>/<movie>.tif')
    .action(async (key: string) => {
      try {
        const t = await gatewayAdmin().get(`/system/trace?key=${encodeURIComponent(key)}`, Trace);
        process.stdout.write(`movie ${t.movie ?? '(key is no step input)'}: ${t.entries.length} event(s)\n`);
        for (const e of t.entries) process.stdout.write(line(e));
      } catch (err) {
        process.stderr.write(`cryoem-daq trace: ${describeError(err)}\n`);
        process.exitCode = 1;
      }
    });
}
