/**
 * `@openmdr/connector-splunk/simulator`: a simulated Splunk deployment on 127.0.0.1 — search jobs
 * (QUEUED → RUNNING → DONE, FAILED jobs, expired sids, results paging), the streaming export
 * (JSON lines, preview rows, FATAL messages, cut connections), Enterprise Security's
 * `notable_update`, and the HTTP Event Collector with channels and acknowledgements — for demos,
 * examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export { type SplunkExportSimulatorOptions, splunkExportRoutes } from './export-routes.js';
export {
  SPLUNK_HEC_DATASET,
  type SplunkHecOptions,
  splitConcatenatedJson,
  splunkHecRoutes,
} from './hec-routes.js';
export {
  SPLUNK_HEC_TOKEN,
  SPLUNK_PASSWORD,
  SPLUNK_TOKEN,
  SPLUNK_USERNAME,
  type SplunkSimulatorData,
  splunkSimulatorOptions,
} from './routes.js';
export {
  type SplunkSearchOptions,
  splunkIndexDataset,
  splunkSearchRoutes,
} from './search-routes.js';
export type { SplunkSeededSearch } from './seeded-searches.js';
export { type SplunkSimulatorConfig, startSplunkSimulator } from './start.js';
