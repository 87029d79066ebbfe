// The in-memory 2-D image every science module passes around.

/**
 * A single-channel image, row-major: pixel (x, y) is `data[y * width + x]`.
 * Row y = 0 is the first row stored in an MRC file (RELION's micrograph orientation);
 * TIFF readers flip in y on read so that their frames overlay MRC output (see lib/formats/tiff).
 */
export interface Image2D {
  width: number;
  height: number;
  data: Float32Array;
}

/** A new zero-filled image. */
export function createImage(width: number, height: number): Image2D {
  return { width, height, data: new Float32Array(width * height) };
}
