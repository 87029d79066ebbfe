// Test helper: the bucket objects of one processed movie (raw movie, motioncor, ctffind and pick outputs with result JSONs).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatStar, starTable } from '../../../lib/formats/star/index.js';
import type { MovieRef } from '../../../lib/events/pipeline.js';
import { outputKey, rawPrefix, resultKey } from '../../../lib/events/pipeline.js';

export interface MovieObjects {
  rawKey: string;
  objects: Map<string, Uint8Array>;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function result(step: string, input: string, outputs: string[], results: unknown): Uint8Array {
  return enc(JSON.stringify({
    schemaVersion: 1, step, input: { bucket: 'cryoem', key: input, etag: 'x' }, software: { implementation: 'cpu', version: '1' },
    parameters: {}, timings: { startedAt: '2024-01-01T00:00:00.000Z', seconds: 1 }, outputs, results,
  }));
}

/** Objects of `ref` with a raw movie of `rawBytes` (or `rawKey` already in the bucket when rawBytes is null). */
export function movieObjects(ref: MovieRef, rawBytes: Uint8Array | null, defocus = 15000, ext = 'tif'): MovieObjects {
  const rawKey = `${rawPrefix(ref)}${ref.movie}.${ext}`;
  const objects = new Map<string, Uint8Array>();
  if (rawBytes) objects.set(rawKey, rawBytes);
  const mrc = outputKey('motioncor', ref, '.mrc');
  objects.set(mrc, new Uint8Array(4096).fill(3));
  objects.set(resultKey('motioncor', ref), result('motioncor', rawKey, [mrc], { frames: 10 }));
  const txt = outputKey('ctffind', ref, '.txt');
  objects.set(txt, enc('# CTFFIND\n1 15000 14000 30 0 0.1 4.5\n'));
  objects.set(resultKey('ctffind', ref), result('ctffind', resultKey('motioncor', ref), [txt],
    { defocusU: defocus, defocusV: defocus - 1000, astigmatismAngle: 30.5, phaseShift: 0, cc: 0.123, fitResolutionA: 4.5 }));
  const star = outputKey('pick', ref, '.star');
  objects.set(star, enc(formatStar([starTable('', ['rlnCoordinateX', 'rlnCoordinateY', 'rlnAutopickFigureOfMerit'], [[100, 200, 0.5], [300, 400, 0.25]])])));
  objects.set(resultKey('pick', ref), result('pick', resultKey('ctffind', ref), [star], { count: 2 }));
  return { rawKey, objects };
}

/** Writes the objects into a bucket-shaped folder. */
export async function writeObjects(root: string, objects: Map<string, Uint8Array>): Promise<void> {
  for (const [key, bytes] of objects) {
    await mkdir(dirname(join(root, key)), { recursive: true });
    await writeFile(join(root, key), bytes);
  }
}
