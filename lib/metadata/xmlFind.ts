// Namespace-free lookups in a parsed XML tree (fast-xml-parser output), for formats whose nesting varies by version.
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });

/** Parsed tree, or null for text that is not XML. */
export function parseXmlTree(xml: string): unknown {
  try {
    const doc: unknown = parser.parse(xml, true);
    return doc;
  } catch {
    return null;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The first node reached by following `path` (element names) from any depth, depth-first. */
export function findPath(node: unknown, path: readonly string[]): unknown {
  if (Array.isArray(node)) {
    for (const item of node) {
      const hit = findPath(item, path);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  if (!isRecord(node)) return undefined;
  let cur: unknown = node;
  for (const name of path) {
    cur = isRecord(cur) ? cur[name] : undefined;
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === undefined) break;
  }
  if (cur !== undefined) return cur;
  for (const child of Object.values(node)) {
    const hit = findPath(child, path);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Finite number at `path`, or undefined. */
export function findNumber(node: unknown, path: readonly string[]): number | undefined {
  const v = findPath(node, path);
  const x = typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
  return Number.isFinite(x) ? x : undefined;
}

/** Non-empty text at `path`, or undefined. */
export function findText(node: unknown, path: readonly string[]): string | undefined {
  const v = findPath(node, path);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** .NET DataContract dictionaries (`KeyValueOfstringanyType` with Key/Value) under `container`, as a map. */
export function dataContractDictionary(node: unknown, container: string): Record<string, unknown> {
  const holder = findPath(node, [container]);
  const out: Record<string, unknown> = {};
  if (!isRecord(holder)) return out;
  const raw = holder.KeyValueOfstringanyType;
  for (const entry of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
    if (isRecord(entry) && typeof entry.Key === 'string') out[entry.Key] = entry.Value;
  }
  return out;
}
