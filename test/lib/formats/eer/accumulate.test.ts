import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accumulateEerFrame, decodeEerFrame, eerCodecFor, encodeEerFrame, openEerMovie, renderEerEvents, renderEerFraction, writeEerFile } from '../../../../lib/formats/eer/index.js';
import { createImage } from '../../../../lib/image.js';

describe('accumulateEerFrame (decode + render in one pass)', () => {
  // The hand-worked 65001 stream of eer.test.ts: pixel 2 at sub-pixel (3, 0), pixel 7 at (0, 1) in a 4×2 frame.
  const stream = Uint8Array.from([0x82, 0x24, 0x38, 0, 0, 0, 0, 0]);

  it('adds the hand-worked electrons at 4K and at 8K (RELION render8K positions)', () => {
    const img4 = createImage(4, 2);
    expect(accumulateEerFrame(stream, 8, eerCodecFor(65001), img4, 4)).toBe(2);
    expect(Array.from(img4.data)).toEqual([0, 0, 1, 0, 0, 0, 0, 1]);
    const img8 = createImage(8, 4);
    accumulateEerFrame(stream, 8, eerCodecFor(65001), img8, 4, 2);
    const hits = Array.from(img8.data).flatMap((v, i) => (v ? [[i % 8, Math.floor(i / 8)]] : []));
    expect(hits).toEqual([[5, 0], [6, 2]]);
  });

  it('sums several raw frames into one fraction as decode + render does, for every codec', () => {
    const w = 64;
    const h = 48;
    for (const c of [65000, 65001, 65002] as const) {
      const codec = eerCodecFor(c, c === 65002 ? { rleBits: 6, horzSubBits: 2, vertSubBits: 2 } : undefined);
      for (const up of [1, 2] as const) {
        const fused = createImage(w * up, h * up);
        const ref = createImage(w * up, h * up);
        for (let r = 0; r < 5; r++) {
          // Deterministic sparse electrons with gaps past the run maximum (overflow codes) and varied sub-pixels.
          const events = Uint32Array.from({ length: 40 }, (_, i) => (i * 73 + r * 11) % (w * h)).sort();
          const uniq = Uint32Array.from(new Set(events));
          const frame = { events: uniq, subX: uniq.map((p) => p % 4), subY: uniq.map((p) => (p >> 2) % 4) };
          const s = encodeEerFrame({ events: frame.events, subX: Uint8Array.from(frame.subX), subY: Uint8Array.from(frame.subY) }, w * h, codec);
          accumulateEerFrame(s, w * h, codec, fused, w, up);
          renderEerEvents(decodeEerFrame(s, w * h, codec), ref, { width: w, upsampling: up, horzSubBits: codec.horzSubBits, vertSubBits: codec.vertSubBits });
        }
        expect(Array.from(fused.data)).toEqual(Array.from(ref.data));
        expect(fused.data.reduce((a, b) => a + b, 0)).toBe(5 * 40);
      }
    }
  });

  it('reports a truncated stream', () => {
    expect(() => accumulateEerFrame(Uint8Array.from([0x82]), 8, eerCodecFor(65001), createImage(4, 2), 4)).toThrow('stream ends after 3 of 8 pixels: truncated');
  });

  it('a fraction plan rendered from its own file handle (the worker path) equals readFrame, and holds the electrons written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eer-frac-'));
    try {
      const w = 96;
      const h = 64;
      // 6 raw frames, grouped by 3: raw frame r has electrons at pixels r, r+17, r+34, … (≤ 1 per pixel).
      const raws = Array.from({ length: 6 }, (_, r) => ({ events: Uint32Array.from({ length: 300 }, (_, i) => r + 17 * i) }));
      await writeEerFile(join(dir, 'm.eer'), raws, 6, { width: w, height: h });
      const m = await openEerMovie(join(dir, 'm.eer'), { group: 3 });
      for (const f of [0, 1]) {
        const plan = m.fractionPlan(f);
        expect(plan.raw).toHaveLength(3);
        const img = createImage(w, h);
        renderEerFraction(plan, img);
        expect(Array.from(img.data)).toEqual(Array.from((await m.readFrame(f)).data));
        expect(img.data.reduce((a, b) => a + b, 0)).toBe(900);
        expect(img.data[3 * f]).toBe(1);
      }
      await m.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
