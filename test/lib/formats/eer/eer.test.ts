// EER: hand-worked bit patterns from the format description, encoder/decoder round trips, file reading.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createImage } from '../../../../lib/image.js';
import { eerCodecFor } from '../../../../lib/formats/eer/codec.js';
import { decodeEerFrame } from '../../../../lib/formats/eer/decode.js';
import { encodeEer, encodeEerFrame } from '../../../../lib/formats/eer/encode.js';
import { parseEerMetadata } from '../../../../lib/formats/eer/metadata.js';
import { openEerMovie } from '../../../../lib/formats/eer/read.js';
import { renderEerEvents } from '../../../../lib/formats/eer/render.js';
import { openMovie } from '../../../../lib/formats/movie.js';

const dir = mkdtempSync(join(tmpdir(), 'eer-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two electrons in a 4×2 frame: pixel 2 at sub-pixel (x 3, y 0), pixel 7 at (x 0, y 1).
const twoElectrons = { events: Uint32Array.from([7, 2]), subX: Uint8Array.from([0, 3]), subY: Uint8Array.from([1, 0]) };

describe('EER 65001 (7-bit run + 4-bit sub-pixel)', () => {
  // Worked by hand, LSB first: run 2 | sub (3^2)|(0^2)<<2 = 9 | run 4 | sub (0^2)|(1^2)<<2 = 14 | run 0 (end).
  // bits 1,7,10 | 13 | 19,20,21 → bytes 0x82 0x24 0x38, padded to 8 bytes.
  const stream = Uint8Array.from([0x82, 0x24, 0x38, 0, 0, 0, 0, 0]);

  it('encodes the hand-worked stream', () => {
    expect(encodeEerFrame(twoElectrons, 8, eerCodecFor(65001))).toEqual(stream);
  });

  it('decodes it to pixel positions and sub-pixel positions', () => {
    const ev = decodeEerFrame(stream, 8, eerCodecFor(65001));
    expect(ev.count).toBe(2);
    expect(Array.from(ev.positions)).toEqual([2, 7]);
    expect(Array.from(ev.subX)).toEqual([3, 0]);
    expect(Array.from(ev.subY)).toEqual([0, 1]);
  });

  it('renders at 4K and 8K as RELION render4K / render8K', () => {
    const ev = decodeEerFrame(stream, 8, eerCodecFor(65001));
    const img4 = createImage(4, 2);
    renderEerEvents(ev, img4, { width: 4 });
    expect(Array.from(img4.data)).toEqual([0, 0, 1, 0, 0, 0, 0, 1]);
    const img8 = createImage(8, 4);
    renderEerEvents(ev, img8, { width: 4, upsampling: 2 });
    // (2,0) sub (3,0) → (5,0); (3,1) sub (0,1) → (6,2).
    const hits = Array.from(img8.data).flatMap((v, i) => (v ? [[i % 8, Math.floor(i / 8)]] : []));
    expect(hits).toEqual([[5, 0], [6, 2]]);
  });

  it('uses an all-ones run as "no electron" without sub-pixel bits', () => {
    // 256×1 frame, electron at 200 (centre sub-pixel, stored 0): runs 127 (overflow), 73 + sub 0, then 55.
    const s = encodeEerFrame({ events: Uint32Array.from([200]) }, 256, eerCodecFor(65001));
    expect(Array.from(s.subarray(0, 4))).toEqual([0xff, 0x24, 0xdc, 0x00]);
    const ev = decodeEerFrame(s, 256, eerCodecFor(65001));
    expect(Array.from(ev.positions)).toEqual([200]);
    expect([ev.subX[0], ev.subY[0]]).toEqual([2, 2]);
  });

  it('reports a stream that ends early', () => {
    expect(() => decodeEerFrame(Uint8Array.from([0x82]), 8, eerCodecFor(65001))).toThrow('stream ends after 3 of 8 pixels: truncated');
  });
});

describe('EER 65000 (8-bit run + 4-bit sub-pixel, 3 bytes per 2 codes)', () => {
  // run 2 → byte0 0x02; sub 9 | run 4 low nibble → 0x49; run 4 high nibble 0 | sub 14 → 0xE0; then run 0.
  it('encodes and decodes the hand-worked bytes', () => {
    const s = encodeEerFrame(twoElectrons, 8, eerCodecFor(65000));
    expect(Array.from(s.subarray(0, 6))).toEqual([0x02, 0x49, 0xe0, 0, 0, 0]);
    expect(s.length % 3).toBe(0);
    const ev = decodeEerFrame(s, 8, eerCodecFor(65000));
    expect([Array.from(ev.positions), Array.from(ev.subX), Array.from(ev.subY)]).toEqual([[2, 7], [3, 0], [0, 1]]);
  });
});

/** Random distinct events with random sub-pixel positions (seeded LCG). */
function randomFrame(seed: number, pixels: number, n: number) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const set = new Set<number>();
  while (set.size < n) set.add(Math.floor(rnd() * pixels));
  const events = Uint32Array.from(set);
  return { events, subX: Uint8Array.from(events, () => Math.floor(rnd() * 4)), subY: Uint8Array.from(events, () => Math.floor(rnd() * 4)) };
}

describe('EER encoder/decoder round trip', () => {
  it.each([65000, 65001, 65002] as const)('codec %i returns every event and sub-pixel position', (c) => {
    const codec = eerCodecFor(c, c === 65002 ? { rleBits: 5, horzSubBits: 2, vertSubBits: 2 } : undefined);
    for (let seed = 1; seed <= 5; seed++) {
      const f = randomFrame(seed, 64 * 48, seed * 40);
      const ev = decodeEerFrame(encodeEerFrame(f, 64 * 48, codec), 64 * 48, codec);
      const order = Array.from(f.events.keys()).sort((a, b) => f.events[a] - f.events[b]);
      expect(Array.from(ev.positions)).toEqual(order.map((i) => f.events[i]));
      expect(Array.from(ev.subX)).toEqual(order.map((i) => f.subX[i]));
      expect(Array.from(ev.subY)).toEqual(order.map((i) => f.subY[i]));
    }
  });

  it('rejects two electrons in one pixel of one raw frame', () => {
    expect(() => encodeEerFrame({ events: Uint32Array.from([5, 5]) }, 8, eerCodecFor(65001))).toThrow('EER encode: two electrons in pixel 5 of one raw frame (EER holds at most one)');
  });
});

describe('openEerMovie', () => {
  const w = 32, h = 16;
  const raw = Array.from({ length: 7 }, (_, i) => randomFrame(100 + i, w * h, 30));

  async function file(compression: 65000 | 65001 | 65002): Promise<string> {
    const p = join(dir, `m${compression}.eer`);
    writeFileSync(p, await encodeEer(raw, { width: w, height: h, compression, metadata: { exposureTime: [3.5, 's'], totalDose: [40, 'e/pixel'], 'sensorPixelSize.width': [0.73e-10, 'm'], 'sensorPixelSize.height': [0.73e-10, 'm'] } }));
    return p;
  }

  it.each([65000, 65001, 65002] as const)('sums groups of raw frames and drops the leftover (%i)', async (c) => {
    const m = await openEerMovie(await file(c), { group: 3 });
    expect([m.width, m.height, m.frameCount, m.rawFrameCount]).toEqual([w, h, 2, 7]);
    for (let f = 0; f < 2; f++) {
      const expected = new Float32Array(w * h);
      for (let r = f * 3; r < f * 3 + 3; r++) for (const e of raw[r].events) expected[e] += 1;
      expect((await m.readFrame(f)).data).toEqual(expected);
    }
    await expect(m.readFrame(2)).rejects.toThrow(`frame 2 does not exist (the movie has 2 frames)`);
    await m.close();
  });

  it('renders 8K from sub-pixel bits and halves the pixel size', async () => {
    const m = await openEerMovie(await file(65001), { group: 7, upsampling: 2 });
    expect([m.width, m.height]).toEqual([2 * w, 2 * h]);
    expect(m.pixelSizeA).toBeCloseTo(0.365, 9);
    const expected = new Float32Array(4 * w * h);
    for (const f of raw) f.events.forEach((e, i) => (expected[((Math.floor(e / w) << 1) | (f.subY[i] >> 1)) * 2 * w + (((e % w) << 1) | (f.subX[i] >> 1))] += 1));
    expect((await m.readFrame(0)).data).toEqual(expected);
    await m.close();
  });

  it('exposes the acquisition metadata', async () => {
    const m = await openEerMovie(await file(65001), { group: 1 });
    expect(m.metadata).toMatchObject({ numberOfFrames: 7, exposureTimeS: 3.5, totalDosePerPixel: 40, sensorImageWidth: w });
    expect(m.metadata.pixelSizeA?.x).toBeCloseTo(0.73, 9);
    expect(m.pixelSizeA).toBeCloseTo(0.73, 9);
    expect(m.metadata.items.exposureTime).toEqual({ value: '3.5', unit: 's' });
    await m.close();
  });

  it('is found by openMovie by content', async () => {
    const m = await openMovie(await file(65002), { eerGroup: 2 });
    expect([m.format, m.frameCount]).toEqual(['eer', 3]);
    await m.close();
  });

  it('refuses a group larger than the movie', async () => {
    const p = await file(65001);
    await expect(openEerMovie(p, { group: 8 })).rejects.toThrow(`EER movie "${p}": 7 raw frames is fewer than one group of 8`);
  });
});

describe('parseEerMetadata', () => {
  it('reads TFS items, keeping unknown ones', () => {
    const md = parseEerMetadata('<metadata><item name="numberOfFrames">1200</item><item name="meanDoseRate" unit="e/pixel/s">5.2</item><item name="cameraName">BM-Falcon</item><item name="x.y">z</item></metadata>');
    expect(md).toMatchObject({ numberOfFrames: 1200, meanDoseRatePerPixelPerS: 5.2, cameraName: 'BM-Falcon' });
    expect(md.items['x.y'].value).toBe('z');
  });
});
