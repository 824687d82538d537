/**
 * `@openmdr/connector-kit/normalize`: the helpers every vendor normaliser shares — lenient record
 * access ({@link RecordReader}), OCSF parts (files, fingerprints, operating systems, ATT&CK,
 * evidences), event assembly and validation ({@link buildEvent}), normaliser sources and sorted
 * OData reads. One implementation each, so that every connector gives the same answer.
 *
 * @packageDocumentation
 */
export { buildEvent, prune } from './build-event.js';
export {
  connectorSources,
  type NormalizeOptions,
  type NormalizeSource,
  withRawData,
} from './normalize-source.js';
export * from './ocsf-parts.js';
export * from './record-reader.js';
export { readSortedODataPages, type SortedODataReadOptions } from './sorted-read.js';
