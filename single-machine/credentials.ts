// Credentials of the embedded stack: generated on first start into files under the data folder, read back later.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StackCredentials {
  s3AccessKeyId: string;
  s3SecretAccessKey: string;
  /** Gateway basic auth (OpenFaaS secret file names). */
  gatewayUser: string;
  gatewayPassword: string;
  /** Bearer token the store sends to the connector (MinIO `auth_token`). */
  webhookToken: string;
}

/** File of each credential inside the secrets folder. */
export const CREDENTIAL_FILES: Record<keyof StackCredentials, string> = {
  s3AccessKeyId: 's3-access-key-id',
  s3SecretAccessKey: 's3-secret-access-key',
  gatewayUser: 'basic-auth-user',
  gatewayPassword: 'basic-auth-password',
  webhookToken: 'webhook-token',
};

function generate(field: keyof StackCredentials): string {
  if (field === 'gatewayUser') return 'admin';
  if (field === 's3AccessKeyId') return `CRYOEM${randomBytes(7).toString('hex').toUpperCase()}`;
  return randomBytes(24).toString('base64url');
}

/** Reads each credential file in `dir`, creating (mode 0600) any that is missing. */
export async function ensureCredentials(dir: string): Promise<StackCredentials> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const out = {} as StackCredentials;
  for (const [field, file] of Object.entries(CREDENTIAL_FILES) as [keyof StackCredentials, string][]) {
    const path = join(dir, file);
    try {
      out[field] = (await readFile(path, 'utf8')).trim();
    } catch {
      out[field] = generate(field);
      await writeFile(path, out[field] + '\n', { mode: 0o600, flag: 'wx' }).catch(async () => {
        out[field] = (await readFile(path, 'utf8')).trim(); // another process created it meanwhile
      });
    }
  }
  return out;
}
