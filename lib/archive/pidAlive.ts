// Whether a process of this host still exists: how stale locks and temp files of dead writers are told apart.

/** True when `pid` names a live process (EPERM: alive but not ours). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
