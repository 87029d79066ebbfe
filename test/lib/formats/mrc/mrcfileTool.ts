// Test helper: runs the reference `mrcfile` Python package (/usr/bin/python3) on files and returns its answers as JSON.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Folder of real third-party files: `<repo>/../shared/data`. */
export const SHARED_DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

const PYTHON = '/usr/bin/python3';

const DUMP = `
import json, sys, warnings, mrcfile, numpy as np
warnings.simplefilter('ignore')
path, points = sys.argv[1], json.loads(sys.argv[2])
with mrcfile.open(path, permissive=True) as m:
    d = m.data
    h = m.header
    print(json.dumps({
        'shape': list(d.shape), 'dtype': str(d.dtype),
        'voxel': [float(m.voxel_size.x), float(m.voxel_size.y), float(m.voxel_size.z)],
        'sum': float(d.astype(np.float64).sum()), 'min': float(d.min()), 'max': float(d.max()),
        'mean': float(d.mean(dtype=np.float64)), 'std': float(d.astype(np.float64).std()),
        'samples': [float(d[tuple(p)]) if d.ndim == 3 else float(d[tuple(p[1:])]) for p in points],
        'axes': [int(h.mapc), int(h.mapr), int(h.maps)], 'mode': int(h.mode),
        'header_stats': [float(h.dmin), float(h.dmax), float(h.dmean), float(h.rms)],
        'exttyp': h.exttyp.item().decode('ascii', 'replace'), 'nsymbt': int(h.nsymbt),
        'little': bool(h.mode.dtype.byteorder in '<=|'),
    }))
`;

export interface MrcfileDump {
  shape: number[];
  dtype: string;
  voxel: number[];
  sum: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Values at the requested [section, row, column] points, in file order (no axis permutation). */
  samples: number[];
  axes: number[];
  mode: number;
  header_stats: number[];
  exttyp: string;
  nsymbt: number;
  little: boolean;
}

/** What mrcfile reads from `path`, with samples at [s, r, c] file-order points. */
export function mrcfileDump(path: string, points: number[][]): MrcfileDump {
  return JSON.parse(execFileSync(PYTHON, ['-c', DUMP, path, JSON.stringify(points)], { encoding: 'utf8' })) as MrcfileDump;
}

/** mrcfile.validate(path): whether it passes, and the problems it printed. */
export function mrcfileValidate(path: string): { valid: boolean; output: string } {
  const script = 'import io, sys, mrcfile\nbuf = io.StringIO()\nok = mrcfile.validate(sys.argv[1], print_file=buf)\nprint(buf.getvalue())\nprint("VALID" if ok else "INVALID")';
  const output = execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' });
  return { valid: output.trim().endsWith('VALID') && !output.trim().endsWith('INVALID'), output };
}
