// readGainReference: MRC as stored, TIFF y-flipped like movies, EER .gain inverted with its defect list.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMrc } from '../../../lib/formats/mrc/index.js';
import { encodeTiff } from '../../../lib/formats/tiff/container.js';
import { writeTiffMovie } from '../../../lib/formats/tiff/write.js';
import { FieldType, Tag } from '../../../lib/formats/tiff/tags.js';
import { readGainReference } from '../../../lib/gain/readGain.js';

const dir = mkdtempSync(join(tmpdir(), 'gain-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const img = { width: 3, height: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6]) };

describe('readGainReference', () => {
  it('reads an MRC gain as stored, then rotates/flips', async () => {
    const p = join(dir, 'g.mrc');
    writeFileSync(p, encodeMrc([img], { mode: 2 }));
    expect(Array.from((await readGainReference(p)).gain.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const r = await readGainReference(p, { rotate: 1, flip: 2 });
    expect([r.gain.width, Array.from(r.gain.data)]).toEqual([2, [1, 4, 2, 5, 3, 6]]);
  });

  it('reads a TIFF gain with the same y flip as TIFF movies', async () => {
    const p = join(dir, 'g.tif');
    await writeTiffMovie(p, [img], { bitsPerSample: 32 });
    expect(Array.from((await readGainReference(p)).gain.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads an EER .gain: no flip, mean/g with 0 kept as a defect, defects from tag 65100', async () => {
    // Stored rows (no flip for EER): [2 4 0] / [2 4 0] → mean 2 → multipliers [1 0.5 0] / [1 0.5 0].
    const p = join(dir, 'g.gain');
    const samples = new Uint8Array(Float32Array.from([2, 4, 0, 2, 4, 0]).buffer);
    writeFileSync(p, await encodeTiff([{ tags: [
      { tag: Tag.ImageWidth, type: FieldType.LONG, values: [3] }, { tag: Tag.ImageLength, type: FieldType.LONG, values: [2] },
      { tag: Tag.BitsPerSample, type: FieldType.SHORT, values: [32] }, { tag: Tag.Compression, type: FieldType.SHORT, values: [1] },
      { tag: Tag.Photometric, type: FieldType.SHORT, values: [1] }, { tag: Tag.SamplesPerPixel, type: FieldType.SHORT, values: [1] },
      { tag: Tag.RowsPerStrip, type: FieldType.LONG, values: [2] }, { tag: Tag.SampleFormat, type: FieldType.SHORT, values: [3] },
      { tag: Tag.EerGainDefects, type: FieldType.UNDEFINED, values: new TextEncoder().encode('<defects><col>2-2</col></defects>') },
    ], strips: [samples] }]));
    const r = await readGainReference(p);
    expect(Array.from(r.gain.data)).toEqual([1, 0.5, 0, 1, 0.5, 0]);
    expect(r.defects).toEqual([{ x: 2, y: 0, w: 1, h: 2 }]);
  });

  it('refuses a file that is not a gain reference', async () => {
    const p = join(dir, 'x.txt');
    writeFileSync(p, 'not a gain '.repeat(40));
    await expect(readGainReference(p)).rejects.toThrow(`gain "${p}": not an MRC or TIFF gain reference`);
  });
});
