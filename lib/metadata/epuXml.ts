// EPU's per-movie XML (Fei.SharedObjects MicroscopeImage, written next to each exposure): SI units → Å, kV, e/Å², µm.
import { dataContractDictionary, findNumber, findPath, findText, parseXmlTree } from './xmlFind.js';
import type { MovieMetadata } from './types.js';

function asNumber(v: unknown): number | undefined {
  const x = typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
  return Number.isFinite(x) ? x : undefined;
}

/** Values of an EPU MicroscopeImage XML; fields the file lacks are left out. Not XML → only the source. */
export function parseEpuXml(xml: string): MovieMetadata {
  const out: MovieMetadata = { source: 'metadata:epu' };
  const doc = parseXmlTree(xml);
  const root = findPath(doc, ['MicroscopeImage']);
  if (root === undefined) return out;
  // pixelSize.x.numericValue is in metres (unit symbol "m").
  const px = findNumber(root, ['SpatialScale', 'pixelSize', 'x', 'numericValue']);
  if (px !== undefined && px > 0) out.pixelSizeA = px * 1e10;
  const volts = findNumber(root, ['gun', 'AccelerationVoltage']);
  if (volts !== undefined && volts > 0) out.voltageKv = volts / 1000;
  const when = findText(root, ['acquisition', 'acquisitionDateTime']);
  if (when !== undefined && !Number.isNaN(Date.parse(when))) out.acquiredAt = when;
  const x = findNumber(root, ['stage', 'Position', 'X']);
  const y = findNumber(root, ['stage', 'Position', 'Y']);
  const z = findNumber(root, ['stage', 'Position', 'Z']);
  if (x !== undefined && y !== undefined) out.stageUm = { x: x * 1e6, y: y * 1e6, ...(z !== undefined ? { z: z * 1e6 } : {}) };
  const custom = dataContractDictionary(root, 'CustomData');
  // AppliedDefocus is the target EPU set for this exposure; optics.Defocus is the lens value (includes offsets).
  const defocus = asNumber(custom.AppliedDefocus) ?? findNumber(root, ['optics', 'Defocus']);
  if (defocus !== undefined) out.defocusTargetUm = defocus * 1e6;
  // Dose is electrons per m² over the exposure: 1 e/Å² = 1e20 e/m².
  const dose = asNumber(custom.Dose);
  if (dose !== undefined && dose > 0) out.totalDose = dose / 1e20;
  const fractions = findNumber(root, ['NumberOffractions']) ?? findNumber(root, ['NumberOfFractions']);
  if (fractions !== undefined && fractions > 0) out.frameCount = fractions;
  return out;
}
