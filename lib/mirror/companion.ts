// EPU writes a metadata file beside each movie once the exposure is done; its appearance marks the movie complete.
import path from 'node:path';

/**
 * Companion metadata paths for `relPath`: same folder, same stem with or without EPU's
 * `_Fractions` suffix, each extension in `extensions` (e.g. FoilHole_1_Data_2_Fractions.tiff →
 * FoilHole_1_Data_2.xml, FoilHole_1_Data_2_Fractions.xml). Companion files have none themselves.
 */
export function companionPaths(relPath: string, extensions: readonly string[]): string[] {
  const ext = path.posix.extname(relPath);
  if (extensions.some((e) => e.toLowerCase() === ext.toLowerCase())) return [];
  const stem = relPath.slice(0, relPath.length - ext.length);
  const stems = stem.endsWith('_Fractions') ? [stem.slice(0, -'_Fractions'.length), stem] : [stem];
  return stems.flatMap((s) => extensions.map((e) => `${s}${e}`));
}
