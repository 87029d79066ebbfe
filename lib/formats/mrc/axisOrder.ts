// Reorder MRC data from file order (columns, rows, sections along mapc, mapr, maps) into x-fastest, y, z order.
import type { Image2D } from '../../image.js';
import type { MrcHeader } from './header.js';

/** Size of the volume along X, Y, Z: the axis a dimension runs along is given by mapc/mapr/maps (1 = X). */
export function volumeSize(header: Pick<MrcHeader, 'nx' | 'ny' | 'nz' | 'mapc' | 'mapr' | 'maps'>): { x: number; y: number; z: number } {
  const size = [0, 0, 0];
  size[header.mapc - 1] = header.nx;
  size[header.mapr - 1] = header.ny;
  size[header.maps - 1] = header.nz;
  return { x: size[0], y: size[1], z: size[2] };
}

/** True when the file is already in x, y, z order (mapc, mapr, maps = 1, 2, 3). */
export function isStandardAxisOrder(header: Pick<MrcHeader, 'mapc' | 'mapr' | 'maps'>): boolean {
  return header.mapc === 1 && header.mapr === 2 && header.maps === 3;
}

/**
 * Split file-order values (all sections) into one Image2D per z in x, y, z order.
 * File element (c, r, s) has coordinate c along axis mapc, r along mapr, s along maps (CCP4/MRC2014 convention).
 */
export function reorderToXyz(values: Float32Array, header: Pick<MrcHeader, 'nx' | 'ny' | 'nz' | 'mapc' | 'mapr' | 'maps'>): Image2D[] {
  const size = volumeSize(header);
  const images: Image2D[] = [];
  if (isStandardAxisOrder(header)) {
    const n = header.nx * header.ny;
    // Views, not copies: `values` is always a fresh array (decodeRaw copies the file bytes), owned by these images.
    for (let z = 0; z < header.nz; z++) images.push({ width: header.nx, height: header.ny, data: values.subarray(z * n, (z + 1) * n) });
    return images;
  }
  const out = new Float32Array(values.length);
  const strides = [1, size.x, size.x * size.y]; // output stride of X, Y, Z
  const sc = strides[header.mapc - 1];
  const sr = strides[header.mapr - 1];
  const ss = strides[header.maps - 1];
  let i = 0;
  for (let s = 0; s < header.nz; s++) {
    for (let r = 0; r < header.ny; r++) {
      const base = s * ss + r * sr;
      for (let c = 0; c < header.nx; c++) out[base + c * sc] = values[i++];
    }
  }
  const n = size.x * size.y;
  for (let z = 0; z < size.z; z++) images.push({ width: size.x, height: size.y, data: out.slice(z * n, (z + 1) * n) });
  return images;
}
