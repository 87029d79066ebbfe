// `cryoem-daq store key create|list|revoke`: the embedded store's access keys, each with a bucket + key-glob policy.
// The store re-reads the table when it changes: no restart. Secrets are printed once, at creation.
import type { Command } from 'commander';
import { describeError } from '../../lib/errors.js';
import { KeyAction, KeyPolicy } from '../../lib/store/keyPolicy.js';
import { createAccessKey, readKeyTable, revokeAccessKey } from '../../lib/store/keyTable.js';

interface TableFlag { table?: string }

function tableFile(flags: TableFlag): string {
  const file = flags.table ?? process.env.STORE_KEY_TABLE;
  if (!file) throw new Error('no key table: pass --table <file> or set STORE_KEY_TABLE (the store\'s default is <data dir>/../store-keys.json)');
  return file;
}

function guarded<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`cryoem-daq store: ${describeError(err)}\n`);
      process.exitCode = 1;
    }
  };
}

const collect = (value: string, prev: string[] = []): string[] => [...prev, value];

export function register(program: Command): void {
  const key = program.command('store').description('the embedded S3 store').command('key').description('access keys of the embedded store');
  key.command('create')
    .description('add an access key; prints its id and secret (the secret is shown only now)')
    .option('--table <file>', 'key table (default: STORE_KEY_TABLE)')
    .option('--bucket <glob>', 'bucket glob', 'cryoem')
    .option('--prefix <glob>', 'key glob, e.g. raw/exp1/* (repeatable)', collect)
    .option('--allow <actions>', 'comma-separated read,write,delete', 'read')
    .option('--description <text>', 'who or what the key is for', '')
    .action(guarded(async (flags: TableFlag & { bucket: string; prefix?: string[]; allow: string; description: string }) => {
      const actions = flags.allow.split(',').map((a) => KeyAction.parse(a.trim()));
      const policy = KeyPolicy.parse({ bucket: flags.bucket, keys: flags.prefix ?? ['*'], actions });
      const { id, secret } = await createAccessKey(tableFile(flags), policy, flags.description);
      process.stdout.write(JSON.stringify({ accessKeyId: id, secretAccessKey: secret, policy }) + '\n');
    }));
  key.command('list')
    .description('list access keys with their policies (never their secrets)')
    .option('--table <file>', 'key table (default: STORE_KEY_TABLE)')
    .action(guarded(async (flags: TableFlag) => {
      for (const k of (await readKeyTable(tableFile(flags))).keys) {
        const state = k.revoked ? `revoked ${k.revoked}` : 'active';
        process.stdout.write(`${k.id}  ${state}  ${k.policy.bucket}/{${k.policy.keys.join(',')}}  ${k.policy.actions.join(',')}  ${k.description}\n`);
      }
    }));
  key.command('revoke')
    .description('revoke an access key at once (the store re-reads the table on its next request)')
    .argument('<access-key-id>')
    .option('--table <file>', 'key table (default: STORE_KEY_TABLE)')
    .action(guarded(async (id: string, flags: TableFlag) => {
      await revokeAccessKey(tableFile(flags), id);
      process.stdout.write(`revoked ${id}\n`);
    }));
}
