// `cryoem-daq access user|experiment|grant|token|revoke-token|s3-key|minio-policy|audit`: users, experiments, roles, booked
// windows, API tokens, S3 keys and the audit trail, through the running gateway's /ui/api/access (admin credentials).
import type { Command } from 'commander';
import { z } from 'zod';
import { AuditEntry, minioPolicy, Name, Role } from '../../lib/access/index.js';
import { describeError } from '../../lib/errors.js';
import { gatewayAdmin } from '../gatewayAdmin.js';

const API = '/ui/api/access';
const Any = z.record(z.string(), z.unknown());

function guarded<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`cryoem-daq access: ${describeError(err)}\n`);
      process.exitCode = 1;
    }
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `<fromISO>/<toISO>[@microscope]` → a window. */
export function parseWindow(text: string): { from: string; to: string; microscope: string } {
  const m = /^([^/@]+)\/([^/@]+)(?:@(.+))?$/.exec(text);
  const from = m ? Date.parse(m[1]) : NaN;
  const to = m ? Date.parse(m[2]) : NaN;
  if (!m || Number.isNaN(from) || Number.isNaN(to)) throw new Error(`--window "${text}": expected <fromISO>/<toISO>[@microscope], e.g. 2026-03-04T08:00Z/2026-03-04T18:00Z@krios`);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), microscope: m[3] ?? '' };
}

const collect = (value: string, prev: string[] = []): string[] => [...prev, value];
const print = (line: string) => process.stdout.write(`${line}\n`);

export function register(program: Command): void {
  const access = program.command('access').description('users, experiments, roles and windows on a running gateway (GATEWAY_URL, GATEWAY_USER, GATEWAY_PASSWORD)');
  const user = access.command('user').description('local users');
  user.command('add').argument('<name>').option('--admin', 'an administrator').option('--display-name <text>', 'shown in the dashboard')
    .option('--password-stdin', 'read the password from standard input (it is stored as an scrypt hash)')
    .description('add a user')
    .action(guarded(async (name: string, flags: { admin?: boolean; displayName?: string; passwordStdin?: boolean }) => {
      const password = flags.passwordStdin ? await readStdin() : undefined;
      await gatewayAdmin().post(`${API}/users`, { name, admin: flags.admin ?? false, displayName: flags.displayName, password }, Any);
      print(`added user ${name}`);
    }));
  for (const enabled of [true, false]) {
    user.command(enabled ? 'enable' : 'disable').argument('<name>').description(enabled ? 'let a user log in again' : 'refuse a user at once (401), tokens included')
      .action(guarded(async (name: string) => {
        await gatewayAdmin().put(`${API}/users/${encodeURIComponent(name)}`, { enabled }, Any);
        print(`${enabled ? 'enabled' : 'disabled'} user ${name}`);
      }));
  }
  access.command('experiment').description('experiments').command('add').argument('<experiment>')
    .option('--window <from/to[@microscope]>', 'a booked window in UTC (repeatable)', collect)
    .description('add an experiment, or booked windows to an existing one')
    .action(guarded(async (name: string, flags: { window?: string[] }) => {
      await gatewayAdmin().post(`${API}/experiments`, { name, windows: (flags.window ?? []).map(parseWindow) }, Any);
      print(`experiment ${name}: ${(flags.window ?? []).length} window(s) added`);
    }));
  access.command('grant').argument('<experiment>').argument('<user>').requiredOption('--role <role>', 'operator, collaborator or researcher')
    .description('give a user a role in an experiment')
    .action(guarded(async (exp: string, name: string, flags: { role: string }) => {
      await gatewayAdmin().post(`${API}/experiments/${encodeURIComponent(exp)}/members`, { user: name, role: Role.parse(flags.role) }, Any);
      print(`${name} is ${flags.role} of ${exp}`);
    }));
  access.command('token').argument('<user>').option('--days <n>', 'lifetime in days', '90').description('issue an API token (printed once)')
    .action(guarded(async (name: string, flags: { days: string }) => {
      const t = await gatewayAdmin().post(`${API}/tokens`, { user: name, days: Number(flags.days) }, z.object({ id: z.string(), token: z.string(), expires: z.string() }));
      print(`${t.token}  (id ${t.id}, expires ${t.expires})`);
    }));
  access.command('revoke-token').argument('<id>').description('revoke an API token at once')
    .action(guarded(async (id: string) => {
      await gatewayAdmin().post(`${API}/tokens/${encodeURIComponent(id)}/revoke`, {}, Any);
      print(`revoked token ${id}`);
    }));
  access.command('s3-key').argument('<user>').description('issue an S3 key acting for the user (decided per request: reads their experiments, writes raw/<exp>/ inside their windows); prints "<key id> <secret>"')
    .action(guarded(async (name: string) => {
      const k = await gatewayAdmin().post(`${API}/s3-keys`, { user: name }, z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }));
      print(`${k.accessKeyId} ${k.secretAccessKey}`);
    }));
  access.command('minio-policy').argument('<experiment>').option('--bucket <name>', 'bucket', 'cryoem').option('--role <role>', 'researcher (read) or operator (also writes raw/<exp>/; static: attach it only during the window, docs/access-s3-keys.md)', 'researcher')
    .description('print the MinIO IAM policy JSON for an experiment and role (local; no gateway needed)')
    .action(guarded(async (exp: string, flags: { bucket: string; role: string }) => {
      print(JSON.stringify(minioPolicy(flags.bucket, Name.parse(exp), Role.parse(flags.role)), null, 2));
    }));
  access.command('audit').option('--since <iso>', 'only entries at or after this time').option('--json', 'JSON lines as stored')
    .description('the audit trail: every change and refusal')
    .action(guarded(async (flags: { since?: string; json?: boolean }) => {
      const since = flags.since ? `?since=${encodeURIComponent(new Date(flags.since).toISOString())}` : '';
      const { entries } = await gatewayAdmin().get(`${API}/audit${since}`, z.object({ entries: z.array(AuditEntry) }));
      for (const e of entries) print(flags.json ? JSON.stringify(e) : `${e.time}  ${e.outcome.padEnd(7)} ${String(e.status ?? '').padEnd(3)} ${e.who}  ${e.what}  ${e.reason}`);
    }));
}
