// `cryoem-daq mirror <share-dir>`: uploads complete files from a microscope share into the bucket, resumably.
import type { Command } from 'commander';
import { describeError } from '../../lib/errors.js';
import { checkShare, checkStore, startMirror } from '../../lib/mirror/index.js';
import { createObjectStore, createS3Client, loadStoreConfig } from '../../lib/store/index.js';
import { numberOption, positiveNumber } from '../numberOption.js';

interface MirrorFlags {
  bucket?: string;
  prefix: string;
  settle: string;
  concurrency: string;
  partSize: string;
  bwlimit?: string;
  cleanupAfter?: string;
  companion: string;
  poll?: boolean;
  once?: boolean;
  storeTimeout: string;
}

async function run(shareDir: string, flags: MirrorFlags): Promise<void> {
  if (!/^[^/].*\/$/.test(flags.prefix)) throw new Error(`--prefix "${flags.prefix}": must be relative and end with "/", e.g. raw/<experiment>/<session>/`);
  const cfg = loadStoreConfig({ ...process.env, ...(flags.bucket ? { S3_BUCKET: flags.bucket } : {}) });
  const client = createS3Client(cfg);
  // Fail at once, naming the folder or the endpoint, rather than mirroring nothing or hanging in connect.
  await checkShare(shareDir);
  await checkStore(client, cfg.bucket, { endpoint: cfg.endpoint, timeoutMs: numberOption('mirror', 'store-timeout', flags.storeTimeout, positiveNumber) * 1000 });
  const mirror = startMirror(shareDir, client, createObjectStore(cfg, client), {
    prefix: flags.prefix,
    settleMs: numberOption('mirror', 'settle', flags.settle, positiveNumber) * 1000,
    concurrency: Math.round(numberOption('mirror', 'concurrency', flags.concurrency, positiveNumber)),
    partSizeBytes: Math.round(numberOption('mirror', 'part-size', flags.partSize, positiveNumber) * 1024 * 1024),
    bandwidthBytesPerSec: flags.bwlimit ? numberOption('mirror', 'bwlimit', flags.bwlimit, positiveNumber) * 1e6 : undefined,
    cleanupMinAgeMs: flags.cleanupAfter ? numberOption('mirror', 'cleanup-after', flags.cleanupAfter, positiveNumber) * 3600_000 : undefined,
    companionExtensions: flags.companion.split(',').map((s) => s.trim()).filter(Boolean),
    usePolling: flags.poll ?? false,
    once: flags.once ?? false,
  });
  const stop = (): void => void mirror.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const stats = await mirror.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (stats.shareError !== null) {
    process.stderr.write(`mirror: gave up: ${stats.shareError}\n`);
    process.exitCode = 1;
  }
  if (stats.failed > 0) {
    process.stderr.write(`mirror: ${stats.failed} file(s) failed to upload; run again to retry\n`);
    process.exitCode = 1;
  }
}

export function register(program: Command): void {
  program
    .command('mirror')
    .description('watch a microscope share and upload each complete file to the bucket (resumes from the bucket after a restart)')
    .argument('<share-dir>', 'folder to watch (the mounted CIFS/SMB share)')
    .option('--bucket <name>', 'bucket (default: S3_BUCKET)')
    .requiredOption('--prefix <prefix>', 'key prefix, e.g. raw/<experiment>/<session>/')
    .option('--settle <seconds>', 'a file is complete when unchanged this long', '5')
    .option('--companion <exts>', 'metadata files whose appearance marks a movie complete (EPU)', '.xml')
    .option('--concurrency <n>', 'files uploaded at once', '2')
    .option('--part-size <MiB>', 'multipart part size', '16')
    .option('--bwlimit <MB/s>', 'limit the total upload rate')
    .option('--cleanup-after <hours>', 'delete share files this old once their upload is verified (default: never delete)')
    .option('--poll', 'poll the share instead of inotify (needed on CIFS/NFS mounts)')
    .option('--once', 'exit when every file found is uploaded')
    .option('--store-timeout <seconds>', 'give up when the store does not answer this long at start', '10')
    .action(async (shareDir: string, flags: MirrorFlags) => {
      try {
        await run(shareDir, flags);
      } catch (err) {
        process.stderr.write(`cryoem-daq mirror: ${describeError(err)}\n`);
        process.exitCode = 1;
      }
    });
}
