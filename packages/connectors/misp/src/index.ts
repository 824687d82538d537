/**
 * `@openmdr/connector-misp`: the MISP connector — a threat-intelligence source reading MISP
 * attributes incrementally from the REST API (`timestamp` cursor, `page`/`limit`), for
 * `@openmdr/detections`' `loadMispContent`; attributes normalise to OCSF OSINT Inventory Info.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export type { NormalizeOptions, NormalizeSource } from '@openmdr/connector-kit/normalize';
export { attributesOf, createMispClient, MISP_PATHS, type MispClient } from './client.js';
export { type MispConfig, mispConfigSchema } from './config.js';
export { mispConnector } from './connector.js';
export {
  isMispAttribute,
  MISP_PRODUCT,
  mispIndicatorValue,
  mispNormalizeSources,
  mispTlp,
  normalizeMispAttribute,
} from './normalize.js';
export { attributesStream, mispAttributeTime } from './streams.js';
