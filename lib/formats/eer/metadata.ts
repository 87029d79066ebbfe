// Parses the EER acquisition metadata XML (TIFF tag 65001): `<metadata><item name=".." unit="..">v</item>…`.

import { XMLParser } from 'fast-xml-parser';

export interface EerMetadataItem {
  value: string;
  unit?: string;
}

/** The fields we use, where present (units as TFS writes them); `items` keeps everything. */
export interface EerMetadata {
  items: Record<string, EerMetadataItem>;
  numberOfFrames?: number;
  /** Seconds. */
  exposureTimeS?: number;
  /** Electrons per physical pixel over the whole exposure (`totalDose`). */
  totalDosePerPixel?: number;
  /** Electrons per physical pixel per second (`meanDoseRate`). */
  meanDoseRatePerPixelPerS?: number;
  /** Physical pixel size (`sensorPixelSize.width/height`, metres → Å). */
  pixelSizeA?: { x: number; y: number };
  sensorImageWidth?: number;
  sensorImageHeight?: number;
  cameraName?: string;
  commercialName?: string;
  timestamp?: string;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, isArray: (name) => name === 'item' });

function num(items: Record<string, EerMetadataItem>, name: string, scale = 1): number | undefined {
  const v = items[name]?.value;
  const x = v === undefined ? NaN : Number(v);
  return Number.isFinite(x) ? x * scale : undefined;
}

/** Parses the XML; unknown items are kept in `items`, malformed XML yields empty metadata. */
export function parseEerMetadata(xml: string): EerMetadata {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return { items: {} };
  }
  const root = (doc as { metadata?: { item?: unknown[] } } | undefined)?.metadata;
  const items: Record<string, EerMetadataItem> = {};
  for (const raw of root?.item ?? []) {
    if (typeof raw !== 'object' || raw === null) continue;
    const r = raw as Record<string, unknown>;
    const name = r['@_name'];
    if (typeof name !== 'string') continue;
    const text = r['#text'];
    const unit = r['@_unit'];
    items[name] = { value: text === undefined ? '' : String(text), ...(typeof unit === 'string' ? { unit } : {}) };
  }
  const px = num(items, 'sensorPixelSize.width', 1e10);
  const py = num(items, 'sensorPixelSize.height', 1e10);
  const text = (n: string): string | undefined => items[n]?.value;
  const out: EerMetadata = { items };
  const assign = <K extends keyof EerMetadata>(k: K, v: EerMetadata[K] | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  assign('numberOfFrames', num(items, 'numberOfFrames'));
  assign('exposureTimeS', num(items, 'exposureTime'));
  assign('totalDosePerPixel', num(items, 'totalDose'));
  assign('meanDoseRatePerPixelPerS', num(items, 'meanDoseRate'));
  assign('pixelSizeA', px !== undefined ? { x: px, y: py ?? px } : undefined);
  assign('sensorImageWidth', num(items, 'sensorImageWidth'));
  assign('sensorImageHeight', num(items, 'sensorImageHeight'));
  assign('cameraName', text('cameraName'));
  assign('commercialName', text('commercialName'));
  assign('timestamp', text('timestamp'));
  return out;
}
