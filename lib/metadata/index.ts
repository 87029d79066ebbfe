// Optics from the microscope's metadata (EPU XML, SerialEM mdoc, EER and MRC headers) with the source of each value.
export type { MetadataSource, MovieMetadata, OpticsSource, ResolvedOptics, Sourced } from './types.js';
export { usesDefaults } from './types.js';
export { parseEpuXml } from './epuXml.js';
export { parseMdoc, parseMdocDateTime } from './mdoc.js';
export { eerMetadataValues, movieHeaderValues } from './fromMovie.js';
export { companionKeys, epuNameValues } from './companions.js';
export { resolveOptics } from './resolveOptics.js';
export type { OpticsDefaults, PersonSet } from './resolveOptics.js';
export { loadPersonSetOptics } from './personSet.js';
export { loadMovieOptics, mirrorValues, movieMetadata } from './loadMovieOptics.js';
export { stepVoltage } from './stepVoltage.js';
