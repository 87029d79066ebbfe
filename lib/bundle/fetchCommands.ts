// How to fetch a bundle's raw movies outside the tar: presigned links, and one aws s3 / rclone command each.
import { rawPrefix } from '../events/pipeline.js';

export interface RawAccess {
  bucket: string;
  /** S3 endpoint URL the user reaches (for --endpoint-url and the rclone remote). */
  endpoint: string;
  /** Presigned GET URL of `key`, valid `seconds`. */
  presign(key: string, seconds: number): Promise<string>;
  expiresSeconds: number;
  /** @default new Date() */
  now?: Date;
}

/** Single-quoted for POSIX shells. */
const q = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** aws s3 sync (with --include per movie) and rclone copy (--files-from) commands, and a script holding both. */
export function fetchCommands(ref: { experiment: string; session: string }, rawKeys: readonly string[], access: Pick<RawAccess, 'bucket' | 'endpoint'>): { aws: string; rclone: string; script: string } {
  const prefix = rawPrefix(ref);
  const names = rawKeys.map((k) => k.slice(prefix.length));
  const includes = names.map((n) => `--include ${q(n)}`).join(' ');
  const aws = `aws s3 sync ${q(`s3://${access.bucket}/${prefix}`)} raw/ --endpoint-url ${q(access.endpoint)} --exclude '*' ${includes}`.trim();
  const rclone = `rclone copy ${q(`cryoem:${access.bucket}/${prefix}`)} raw/ --files-from raw-movies.txt`;
  const script = [
    '#!/bin/sh',
    '# Fetches the raw movies of this bundle into raw/. Either command works; credentials as for the bucket.',
    '# rclone needs a remote named "cryoem": rclone config create cryoem s3 provider=Other endpoint=' + access.endpoint,
    'set -e',
    `cat > raw-movies.txt <<'EOF'`,
    ...names,
    'EOF',
    `# ${rclone}`,
    aws,
    '',
  ].join('\n');
  return { aws, rclone, script };
}
