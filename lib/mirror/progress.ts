// Progress and throughput lines for the mirror, written to stderr at an interval.

export interface MirrorStats {
  uploaded: number;
  skipped: number;
  failed: number;
  deleted: number;
  uploading: number;
  waiting: number;
  bytesSent: number;
  startedMs: number;
  /** What is wrong with the share while it is lost (unmounted, removed); null while it is there. */
  shareError: string | null;
  /** Seconds until the next look at a lost share. */
  shareRetryInS: number;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** Tracks bytes between reports so each line shows the current rate and the average. */
export function createProgressReporter(write: (line: string) => void, clock: () => number = () => performance.now()): (s: MirrorStats) => void {
  let lastMs = clock();
  let lastBytes = 0;
  return (s) => {
    const now = clock();
    const rate = ((s.bytesSent - lastBytes) / Math.max(1e-3, (now - lastMs) / 1000));
    const avg = s.bytesSent / Math.max(1e-3, (now - s.startedMs) / 1000);
    lastMs = now;
    lastBytes = s.bytesSent;
    if (s.shareError !== null) {
      write(`mirror: SHARE UNAVAILABLE: ${s.shareError}; next look in ${s.shareRetryInS} s (${s.uploaded} uploaded so far)\n`);
      return;
    }
    write(`mirror: ${s.uploaded} uploaded, ${s.skipped} already in bucket, ${s.uploading} uploading, ${s.waiting} waiting, ${s.failed} failed` +
      `${s.deleted ? `, ${s.deleted} deleted from share` : ''}; ${mb(s.bytesSent)} MB sent, ${mb(rate)} MB/s now, ${mb(avg)} MB/s average\n`);
  };
}
