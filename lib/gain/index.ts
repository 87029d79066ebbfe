// Gain references and detector defects: reading, MotionCor2 rotation/flip, applying, hot-pixel detection, repair.
export { readGainReference } from './readGain.js';
export type { GainReference, ReadGainReferenceOptions } from './readGain.js';
export { rotateFlipGain } from './rotateFlip.js';
export type { RotateFlipGainOptions } from './rotateFlip.js';
export { applyGain } from './applyGain.js';
export type { ApplyGainOptions } from './applyGain.js';
export { detectHotPixels, hotPixelThreshold } from './hotPixels.js';
export type { DetectHotPixelsOptions } from './hotPixels.js';
export { replaceDefects } from './replaceDefects.js';
export type { ReplaceDefectsOptions } from './replaceDefects.js';
export { defectMask, defectRects, formatDefectFile, parseDefectFile, readDefectFile } from './defectFile.js';
export type { DefectRect, ReadDefectFileOptions } from './defectFile.js';
export { parseEerGainDefects } from './eerDefects.js';
