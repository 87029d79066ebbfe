// Shell text for stand-in MotionCor2/3 binaries in tests: writes the two 64×64 float32 sums a run leaves.

/** Lines of a bash script that write $OUT (1.0 everywhere) and its _DW twin (2.0) as MRC2014, header by Python's struct (no numpy needed). */
export const WRITE_FAKE_SUMS = `/usr/bin/python3 - "$OUT" <<'PY'
import struct, sys
out = sys.argv[1]
def mrc(path, value):
    h = bytearray(1024)
    struct.pack_into('<3i i', h, 0, 64, 64, 1, 2)
    struct.pack_into('<3i', h, 28, 64, 64, 1)
    struct.pack_into('<3f', h, 40, 64.0, 64.0, 1.0)
    struct.pack_into('<3i', h, 64, 1, 2, 3)
    h[208:212] = b'MAP '
    h[212:216] = bytes([0x44, 0x44, 0, 0])
    with open(path, 'wb') as f:
        f.write(h + struct.pack('<4096f', *([value] * 4096)))
mrc(out, 1.0)
mrc(out[:-4] + '_DW.mrc', 2.0)
PY
`;
