/**
 * `@openmdr/connector-taxii/simulator`: a simulated TAXII 2.1 server on 127.0.0.1 — discovery,
 * an API root, collections and paged `objects` with `added_after`, behind HTTP Basic — for demos,
 * examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  TAXII_PASSWORD,
  TAXII_PATHS,
  TAXII_USERNAME,
  type TaxiiSimulatorCollection,
  type TaxiiSimulatorData,
  taxiiRoutes,
  taxiiSimulatorOptions,
} from './routes.js';
export { startTaxiiSimulator, type TaxiiSimulatorConfig } from './start.js';
