import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import { normalizeEntraDirectoryAudit } from './normalize-directory-audit.js';
import { normalizeEntraRiskDetection, normalizeEntraRiskyUser } from './normalize-risk.js';
import { type NormalizeEntraOptions, normalizeEntraSignIn } from './normalize-sign-in.js';
import { isRecord } from './records.js';

/**
 * A normaliser `openmdr normalize --source <id>` can pick: `entra/<stream>` for one stream,
 * `entra` for records of any stream, told apart by shape.
 */
export interface EntraNormalizeSource {
  /** `entra/signins`, `entra/audits`, `entra/risky-users`, `entra/risk-detections` or `entra`. */
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

const streams: readonly EntraNormalizeSource[] = [
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
      'Microsoft Entra records of any stream (signins, audits, risky-users, risk-detections)',
    matches: (record) => streams.some((source) => source.matches(record)),
    normalize: (record, options) => {
      const source = streams.find((candidate) => candidate.matches(record));
      if (!source) {
        throw new NormalizationError(
          'record is none of the Microsoft Graph shapes read by entra (signIn, directoryAudit, riskyUser, riskDetection)',
          { path: '' },
        );
      }
      return source.normalize(record, options);
    },
  },
];
