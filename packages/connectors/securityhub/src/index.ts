/**
 * `@openmdr/connector-securityhub`: the AWS Security Hub connector — ASFF findings read
 * incrementally with `GetFindings` and normalised to OCSF Vulnerability (2002), Compliance (2003)
 * or Detection Finding (2004) as Amazon Security Lake decides ({@link normalizeAsffFinding});
 * `update-findings` (BatchUpdateFindings).
 *
 * @packageDocumentation
 */

export {
  updateFindingsAction,
  updateFindingsInputSchema,
  updateFindingsManifest,
  updateFindingsOutputSchema,
} from './actions.js';
export { createSecurityhubClient, type SecurityhubClient } from './client.js';
export {
  SECURITYHUB_REGIONS,
  type SecurityhubConfig,
  securityhubConfigSchema,
} from './config.js';
export { securityhubConnector } from './connector.js';
export {
  type AsffFindingEvent,
  asffFindingsOf,
  isAsffFinding,
  normalizeAsffFinding,
  normalizeAsffFindings,
  SECURITYHUB_PRODUCT,
  securityhubNormalizeSources,
} from './normalize.js';
export {
  findingsStream,
  type SecurityhubFinding,
  securityhubFindingFilters,
} from './streams.js';
