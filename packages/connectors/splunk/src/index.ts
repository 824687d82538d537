/**
 * `@openmdr/connector-splunk`: the Splunk connector — Enterprise Security notables (OCSF
 * Detection Finding) and any SPL search (OCSF Base Event, CIM fields mapped) read through search
 * jobs with a time-window cursor; findings written back through the HTTP Event Collector;
 * notables triaged with `update-notable`.
 *
 * @packageDocumentation
 */

export {
  SPLUNK_NOTABLE_UPDATE_PATH,
  updateNotableAction,
  updateNotableInputSchema,
  updateNotableManifest,
  updateNotableOutputSchema,
} from './actions.js';
export { CIM_FIELDS } from './cim-fields.js';
export { createSplunkClient, type SplunkClient } from './client.js';
export {
  type SplunkConfig,
  splunkAuthSchema,
  splunkConfigSchema,
  splunkHecSchema,
  splunkWebUrl,
} from './config.js';
export { splunkConnector } from './connector.js';
export { SplunkSearchJobError } from './errors.js';
export { SplunkExportError } from './export-errors.js';
export { parseExportLine, type SplunkExportLine } from './export-lines.js';
export {
  exportForm,
  type SplunkExportOptions,
  searchExportPath,
  searchExportResults,
} from './export-results.js';
export { splunkSearch, splunkSearchRequest, splunkSearchText } from './hunt-search.js';
export { splunkNormalizeSources } from './normalize.js';
export {
  incidentReviewUrl,
  normalizeSplunkNotable,
  notableId,
  SPLUNK_PRODUCT,
  type SplunkNotableOptions,
} from './normalize-notable.js';
export { normalizeSplunkSearchResult, type SplunkSearchOptions } from './normalize-search.js';
export {
  dispatchSearchJob,
  type SplunkJobOptions,
  type SplunkSearchRequest,
  searchJobResults,
  searchJobsPath,
  waitForSearchJob,
} from './search-jobs.js';
export {
  indexTimeOf,
  notablesStream,
  searchResultId,
  searchStream,
  withSearchTime,
} from './streams.js';
export {
  hecChannelOf,
  hecEventId,
  SPLUNK_HEC_PATHS,
  writeFindingsAction,
  writeFindingsInputSchema,
  writeFindingsManifest,
  writeFindingsOutputSchema,
} from './write-findings.js';
