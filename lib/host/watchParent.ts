// Exits this process when its parent dies, so a SIGKILLed gateway leaves no orphaned function hosts.

export interface WatchParentOptions {
  /** How often to compare process.ppid with the parent seen at start, in ms. @default 500 */
  pollMs?: number;
  /** Called instead of process.exit (tests). @default () => process.exit(0) */
  onParentGone?: () => void;
}

/**
 * Two signals, either suffices: the IPC channel closes ('disconnect') when the parent dies, and
 * process.ppid changes (to 1 or a subreaper) once the parent is gone. Returns a function that stops watching.
 */
export function watchParent(options: WatchParentOptions = {}): () => void {
  const onGone = options.onParentGone ?? (() => process.exit(0));
  const parent = process.ppid;
  const onDisconnect = () => onGone();
  if (process.connected) process.on('disconnect', onDisconnect);
  const timer = setInterval(() => {
    if (process.ppid !== parent) onGone();
  }, options.pollMs ?? 500);
  timer.unref();
  return () => {
    clearInterval(timer);
    process.off('disconnect', onDisconnect);
  };
}
