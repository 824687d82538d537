/**
 * `@openmdr/connectors/entra`: the Microsoft Entra ID connector (sign-ins, directory audits,
 * risky users and risk detections from Microsoft Graph → OCSF; disable/enable account, revoke
 * sessions, confirm compromised, dismiss risk) and its pure normalisers.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export {
  entraActionManifests,
  entraActions,
  entraUserActionInput,
  entraUserActionOutput,
} from './actions.js';
export {
  ENTRA_AUDIT_ACTIVITIES,
  type EntraAuditMapping,
  entraAuditMapping,
} from './audit-activities.js';
export { graphTime, parseAzureTime } from './azure-time.js';
export { ENTRA_CLOUDS, type EntraCloud, type EntraCloudName } from './clouds.js';
export { type EntraConfig, type EntraStreamOptions, entraConfigSchema } from './config.js';
export { ENTRA_STREAMS, entraConnector, entraEndpoints, entraManifest } from './connector.js';
export {
  type DiagnosticParts,
  diagnosticParts,
  ENTRA_DIAGNOSTIC_CATEGORIES,
  type EntraDiagnosticKind,
  entraDiagnosticKind,
  graphKey,
} from './diagnostic-record.js';
export {
  azureDiagnosticRecords,
  isAzureDiagnosticRecord,
  normalizeEntraDiagnosticRecord,
} from './normalize-diagnostic.js';
export { normalizeEntraDirectoryAudit } from './normalize-directory-audit.js';
export { normalizeEntraRiskDetection, normalizeEntraRiskyUser } from './normalize-risk.js';
export { type NormalizeEntraOptions, normalizeEntraSignIn } from './normalize-sign-in.js';
export { type EntraNormalizeSource, entraNormalizeSources } from './normalize-sources.js';
export {
  type EntraClient,
  type EntraStreamState,
  type GraphStreamSpec,
  graphStreamReader,
} from './read-graph.js';
export {
  type EntraDirectoryAudit,
  type EntraRiskDetection,
  type EntraRiskyUser,
  type EntraSignIn,
  entraDirectoryAuditSchema,
  entraRiskDetectionSchema,
  entraRiskyUserSchema,
  entraSignInSchema,
} from './records.js';
