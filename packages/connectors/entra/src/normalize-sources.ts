import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import { isAzureDiagnosticRecord, normalizeEntraDiagnosticRecord } from './normalize-diagnostic.js';
import { normalizeEntraDirectoryAudit } from './normalize-directory-audit.js';
import { normalizeEntraRiskDetection, normalizeEntraRiskyUser } from './normalize-risk.js';
import { type NormalizeEntraOptions, normalizeEntraSignIn } from './normalize-sign-in.js';
import { isRecord } from './records.js';

/**
 * A normaliser `openmdr normalize --source <id>` can pick: `entra/<stream>` for one stream,
 * `entra` for records of any stream, told apart by shape.
 */
export interface EntraNormalizeSource {
  /**
   * `entra/signins`, `entra/audits`, `entra/risky-users`, `entra/risk-detections`,
   * `entra/diagnostic` or `entra`.
   */
  readonly id: string;
  /** One line for the usage text. */
  readonly summary: string;
  /** True when a record has the shape of this source's records. */
  matches(record: unknown): boolean;
  /** Normalises one record; throws `NormalizationError` naming the field when it cannot. */
  normalize(record: unknown, options?: NormalizeEntraOptions): NormalizedEvent;
}

const has = (record: unknown, ...fields: string[]) =>
  isRecord(record) && fields.every((field) => field in record);

/** Azure Monitor diagnostic records of the Entra categories (Event Hubs, storage account). */
const diagnostic: EntraNormalizeSource = {
  id: 'entra/diagnostic',
  summary:
    'Microsoft Entra logs as Azure Monitor diagnostic settings export them ({time, category: SignInLogs|AuditLogs|RiskyUsers|UserRiskEvents|…, properties}); {records:[…]} batches unwrapped',
  matches: isAzureDiagnosticRecord,
  normalize: normalizeEntraDiagnosticRecord,
};

const streams: readonly EntraNormalizeSource[] = [
  diagnostic,
  {
    id: 'entra/signins',
    summary: 'Microsoft Graph signIn records (GET /auditLogs/signIns)',
    matches: (record) =>
      has(record, 'createdDateTime') && (has(record, 'appId') || has(record, 'status')),
    normalize: normalizeEntraSignIn,
  },
  {
    id: 'entra/audits',
    summary: 'Microsoft Graph directoryAudit records (GET /auditLogs/directoryAudits)',
    matches: (record) => has(record, 'activityDateTime', 'activityDisplayName'),
    normalize: normalizeEntraDirectoryAudit,
  },
  {
    id: 'entra/risky-users',
    summary: 'Microsoft Graph riskyUser records (GET /identityProtection/riskyUsers)',
    matches: (record) => has(record, 'riskLastUpdatedDateTime'),
    normalize: normalizeEntraRiskyUser,
  },
  {
    id: 'entra/risk-detections',
    summary: 'Microsoft Graph riskDetection records (GET /identityProtection/riskDetections)',
    matches: (record) => has(record, 'riskEventType', 'detectedDateTime'),
    normalize: normalizeEntraRiskDetection,
  },
];

/** The `openmdr normalize` sources of the Entra connector: one per stream, then `entra`. */
export const entraNormalizeSources: readonly EntraNormalizeSource[] = [
  ...streams,
  {
    id: 'entra',
    summary:
      'Microsoft Entra records of any stream (signins, audits, risky-users, risk-detections) or Azure Monitor diagnostic record',
    matches: (record) => streams.some((source) => source.matches(record)),
    normalize: (record, options) => {
      const source = streams.find((candidate) => candidate.matches(record));
      if (!source) {
        throw new NormalizationError(
          'record is none of the shapes read by entra (Graph signIn, directoryAudit, riskyUser, riskDetection; Azure Monitor diagnostic record)',
          { path: '' },
        );
      }
      return source.normalize(record, options);
    },
  },
];
