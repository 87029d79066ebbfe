// Saving parameters offers to reprocess exactly the movies processed on a default the person has now set.
import { describe, expect, it } from 'vitest';
import { moviesToReprocess } from '../../dashboard/web/reprocessOffer.js';

const rows = [
  { movie: 'a', opticsDefaults: ['pixelSizeA'] },
  { movie: 'b', opticsDefaults: [] },
  { movie: 'c', opticsDefaults: ['voltageKv', 'dosePerFrame'] },
  { movie: 'd' },
  { movie: 'e', opticsDefaults: ['pixelSizeA', 'dosePerFrame'] },
];

describe('moviesToReprocess', () => {
  it('setting the pixel size offers the movies that guessed it, and no other', () => {
    expect(moviesToReprocess(rows, ['pixelSizeA'])).toEqual({ movies: ['a', 'e'], fields: ['pixelSizeA'] });
  });
  it('setting the dose offers c and e; a movie with metadata optics is never offered', () => {
    expect(moviesToReprocess(rows, ['dosePerFrame', 'particleDiameterA'])).toEqual({ movies: ['c', 'e'], fields: ['dosePerFrame'] });
  });
  it('fields that no movie guessed offer nothing', () => {
    expect(moviesToReprocess(rows, ['particleDiameterA', 'csMm'])).toEqual({ movies: [], fields: [] });
  });
});
