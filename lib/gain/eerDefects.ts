// Defect list XML of a Thermo Fisher EER `.gain` file (TIFF tag 65100) as defect rectangles.

import { XMLParser } from 'fast-xml-parser';
import type { DefectRect } from './defectFile.js';

const parser = new XMLParser({ parseTagValue: false, isArray: () => true });

/**
 * Elements as scipion-em-motioncorr `parseEERDefects` reads them: `<point>x,y</point>`,
 * `<area>x0,y0,x1,y1</area>` (inclusive corners), `<col>a-b</col>`, `<row>a-b</row>` (inclusive ranges).
 * Columns/rows span the whole `size` (scipion's row tuple has a misplaced 0; we use the evident intent).
 */
export function parseEerGainDefects(xml: string, size: { width: number; height: number }): DefectRect[] {
  const rects: DefectRect[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [tag, value] of Object.entries(node as Record<string, unknown>)) {
      const texts = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
      for (const t of texts) {
        const n = t.split(/[,\-\s]+/).filter((s) => s !== '').map(Number);
        if (n.some((v) => !Number.isFinite(v))) continue;
        if (tag === 'point' && n.length === 2) rects.push({ x: n[0], y: n[1], w: 1, h: 1 });
        if (tag === 'area' && n.length === 4) rects.push({ x: n[0], y: n[1], w: n[2] - n[0] + 1, h: n[3] - n[1] + 1 });
        if (tag === 'col' && n.length >= 1) rects.push({ x: n[0], y: 0, w: (n[1] ?? n[0]) - n[0] + 1, h: size.height });
        if (tag === 'row' && n.length >= 1) rects.push({ x: 0, y: n[0], w: size.width, h: (n[1] ?? n[0]) - n[0] + 1 });
      }
      visit(value);
    }
  };
  try {
    visit(parser.parse(xml));
  } catch {
    return [];
  }
  return rects;
}
