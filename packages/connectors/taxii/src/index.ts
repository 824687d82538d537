/**
 * `@openmdr/connector-taxii`: the TAXII 2.1 connector — a threat-intelligence source reading the
 * STIX 2.1 objects of a TAXII server's collections incrementally (`added_after` cursor,
 * `next`/`more` paging), for `@openmdr/detections`' `loadStixObjects`; indicators normalise to
 * OCSF OSINT Inventory Info.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export type { NormalizeOptions, NormalizeSource } from '@openmdr/connector-kit/normalize';
export {
  createTaxiiClient,
  TAXII_MEDIA_TYPE,
  type TaxiiClient,
  type TaxiiCollection,
  type TaxiiDiscovery,
  type TaxiiObjectsOptions,
  type TaxiiObjectsPage,
  taxiiClientOver,
} from './client.js';
export { type TaxiiConfig, taxiiAuthSchema, taxiiConfigSchema } from './config.js';
export { taxiiConnector } from './connector.js';
export {
  isStixIndicator,
  normalizeTaxiiIndicator,
  normalizeTaxiiObject,
  TAXII_PRODUCT,
  taxiiNormalizeSources,
} from './normalize.js';
export { STIX_TLP_MARKINGS, tlpOfMarkings } from './stix-values.js';
export {
  objectsStream,
  stixVersionKey,
  TAXII_STATE_VERSION,
  type TaxiiObjectsState,
} from './streams.js';
