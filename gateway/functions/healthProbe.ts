// Polls a host's /_/health until it answers 200 (of-watchdog readiness), or gives up.
import http from 'node:http';

function probeOnce(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/_/health`, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** True once `${url}/_/health` answers 200, false after `deadlineMs` or when `cancelled()` turns true. */
export async function waitHealthy(url: string, deadlineMs: number, cancelled: () => boolean = () => false): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end && !cancelled()) {
    if (await probeOnce(url, 1000)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
