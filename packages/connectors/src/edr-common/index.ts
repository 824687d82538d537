/**
 * Helpers shared by the EDR connectors (CrowdStrike, Defender, SentinelOne): lenient record
 * access and OCSF parts. Internal to `@openmdr/connectors`.
 *
 * @packageDocumentation
 */
export { NormalizationError } from '../errors/normalization-error.js';
export {
  connectorSources,
  type NormalizeOptions,
  type NormalizeSource,
  withRawData,
} from './normalize-source.js';
export * from './ocsf-parts.js';
export * from './record-reader.js';
export { readSortedODataPages, type SortedODataReadOptions } from './sorted-read.js';
