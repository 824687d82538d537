/**
 * `@openmdr/connectors/windows`: the Windows Event Log / Sysmon normaliser.
 *
 * @packageDocumentation
 */
export { NormalizationError } from './errors.js';
export {
  hasWindowsMapping,
  type NormalizeWindowsOptions,
  normalizeWindowsEvent,
} from './normalize.js';
export { NORMALIZER_OCSF_VERSION, type OcsfObject } from './ocsf-parts.js';
export { readWindowsEvent, type WindowsEvent, type WindowsEventLogRecord } from './record.js';
