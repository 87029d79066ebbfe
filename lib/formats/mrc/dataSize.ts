// Checks that an MRC file holds all the data its header promises, with a message that says how much is missing.
import { InvalidInputError } from '../../errors.js';
import type { MrcHeader } from './header.js';
import { sectionBytes } from './modes.js';
import type { MrcMode } from './modes.js';

/** Bytes of data the header promises (nx·ny·nz values of its mode). */
export function expectedDataBytes(header: MrcHeader): number {
  return sectionBytes(header.mode as MrcMode, header.nx, header.ny) * header.nz;
}

/** Throw InvalidInputError when a file of `fileBytes` bytes is shorter than header + extended header + data. */
export function checkDataSize(header: MrcHeader, fileBytes: number, name: string): void {
  const after = fileBytes - header.dataOffset;
  const where = header.nsymbt > 0 ? `the header and ${header.nsymbt}-byte extended header` : 'the header';
  if (after < 0) {
    throw new InvalidInputError(`"${name}": truncated: extended header of ${header.nsymbt} bytes runs past the end of the ${fileBytes}-byte file`);
  }
  const need = expectedDataBytes(header);
  if (after < need) {
    throw new InvalidInputError(
      `"${name}": truncated: header says ${header.nx}×${header.ny}×${header.nz} mode ${header.mode} (${need} bytes of data) but file has ${after} bytes after ${where}`,
    );
  }
}
