// Which share files the mirror never uploads: hidden and temporary names, and Windows system folders.

const SYSTEM_FOLDERS = new Set(['$RECYCLE.BIN', 'System Volume Information']);

/** True for a name that is hidden or still being written: `.x`, `~x`, `x.tmp`, `x.part`, `x.partial`, `x~`. */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return name.startsWith('.') || name.startsWith('~') || name.endsWith('~') || lower.endsWith('.tmp') || lower.endsWith('.part') || lower.endsWith('.partial');
}

/** True when any segment of `relPath` ('/'-separated, below the share root) is ignored. */
export function isIgnoredPath(relPath: string): boolean {
  if (relPath === '' || relPath === '.') return false;
  return relPath.split('/').some((seg) => isIgnoredName(seg) || SYSTEM_FOLDERS.has(seg));
}
