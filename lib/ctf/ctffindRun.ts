// What one CTF estimation produces, whichever implementation ran (ours or the CTFFIND binary).
import type { Image2D } from '../image.js';
import type { CtffindResults } from './result.js';

export interface CtffindFile {
  suffix: '.txt' | '_avrot.txt';
  body: string;
  contentType: string;
}

export interface CtffindRun {
  results: CtffindResults;
  /** CTFFIND's text outputs. */
  files: CtffindFile[];
  /** CTFFIND's diagnostic image (half spectrum, half fit), for the _spectrum.png preview. */
  diagnostic: Image2D;
  software: { implementation: string; version: string };
  /** Seconds per stage. */
  timings: Record<string, number>;
}
