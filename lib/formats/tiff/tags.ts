// TIFF 6.0 tag numbers, field types and compression codes used by our readers and writers.

/** Baseline and extension tags (TIFF 6.0 spec, Adobe 1992) plus Thermo Fisher EER private tags. */
export const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  FillOrder: 266,
  ImageDescription: 270,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  XResolution: 282,
  YResolution: 283,
  ResolutionUnit: 296,
  Software: 305,
  Predictor: 317,
  TileWidth: 322,
  SampleFormat: 339,
  /** EER acquisition metadata XML (first IFD; EerReaderLib `TIFFTAG_EER_ACQUISITION_METADATA`). */
  EerAcquisitionMetadata: 65001,
  /** EER per-frame metadata XML. */
  EerFrameMetadata: 65002,
  /** Compression 65002 only: run-length code bits (EerReaderLib `EER_DECODER_SKIPBITS`). */
  EerRleBits: 65007,
  /** Compression 65002 only: horizontal sub-pixel bits. */
  EerHorzSubBits: 65008,
  /** Compression 65002 only: vertical sub-pixel bits. */
  EerVertSubBits: 65009,
  /** TFS `.gain` file: defect list XML (scipion-em-motioncorr `parseEERDefects`). */
  EerGainDefects: 65100,
} as const;

/** TIFF field types (TIFF 6.0 §2) with their byte sizes. */
export const FieldType = { BYTE: 1, ASCII: 2, SHORT: 3, LONG: 4, RATIONAL: 5, SBYTE: 6, UNDEFINED: 7, SSHORT: 8, SLONG: 9, SRATIONAL: 10, FLOAT: 11, DOUBLE: 12, LONG8: 16 } as const;
export type FieldTypeCode = (typeof FieldType)[keyof typeof FieldType];

export const FIELD_TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8 };

/** Compression codes: baseline, LZW, Adobe deflate, and the three EER codecs. */
export const Compression = { None: 1, Lzw: 5, Deflate: 8, DeflateOld: 32946, EerV0: 65000, EerV1: 65001, EerV2: 65002 } as const;

/** SampleFormat values (TIFF 6.0 §19). */
export const SampleFormat = { Uint: 1, Int: 2, Float: 3 } as const;
