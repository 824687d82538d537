import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import { buildEvent } from '@openmdr/connector-kit/normalize';
import {
  diagnosticParts,
  type EntraDiagnosticKind,
  envelopeTime,
  parseJsonText,
} from './diagnostic-record.js';
import { normalizeEntraDirectoryAudit } from './normalize-directory-audit.js';
import { normalizeEntraRiskDetection, normalizeEntraRiskyUser } from './normalize-risk.js';
import { type NormalizeEntraOptions, normalizeEntraSignIn } from './normalize-sign-in.js';
import { ENTRA_PRODUCT } from './record-parts.js';
import { isRecord } from './records.js';

const GRAPH_NORMALIZERS: Readonly<
  Record<EntraDiagnosticKind, (record: unknown, options?: NormalizeEntraOptions) => NormalizedEvent>
> = {
  signIn: normalizeEntraSignIn,
  directoryAudit: normalizeEntraDirectoryAudit,
  riskyUser: normalizeEntraRiskyUser,
  riskDetection: normalizeEntraRiskDetection,
};

/** OCSF `severity_id` of an Azure Monitor `Level` (number or name) for a Base Event. */
function severityOfLevel(level: unknown): number {
  switch (String(level ?? '').toLowerCase()) {
    case '1':
    case 'critical':
      return 5;
    case '2':
    case 'error':
      return 4;
    case '3':
    case 'warning':
      return 3;
    case '4':
    case '5':
    case 'informational':
    case 'verbose':
      return 1;
    default:
      return 0;
  }
}

/**
 * True for an Azure Monitor diagnostic record: a `category` and a `properties` object (or JSON
 * text of one, as some forwarders write it), with a `time`, `resourceId` or `operationName`.
 */
export function isAzureDiagnosticRecord(record: unknown): record is Record<string, unknown> {
  return (
    isRecord(record) &&
    typeof record['category'] === 'string' &&
    isRecord(parseJsonText(record['properties'])) &&
    ('time' in record || 'resourceId' in record || 'operationName' in record)
  );
}

/**
 * The records of an Azure Monitor diagnostic settings delivery: `{ "records": [ … ] }` as Event
 * Hubs messages and storage-account blobs (`PT1H.json`, one record or one `records` batch per
 * line) carry them; `undefined` for any other value.
 */
export function azureDiagnosticRecords(payload: unknown): unknown[] | undefined {
  if (!isRecord(payload) || !Array.isArray(payload['records'])) return undefined;
  const records = payload['records'];
  return records.length === 0 || records.some(isAzureDiagnosticRecord) ? records : undefined;
}

/**
 * Normalises one Microsoft Entra record as Azure Monitor diagnostic settings export it (to an
 * event hub, a storage account or a partner): `{ time, category, tenantId, operationName,
 * resultType, callerIpAddress, correlationId, properties: { … } }`. The `properties` are read
 * into the Microsoft Graph shape (see `diagnosticParts`) and normalised by the Graph normaliser
 * of the category, so a sign-in gives the same OCSF event by either path: `SignInLogs`,
 * `NonInteractiveUserSignInLogs`, `ServicePrincipalSignInLogs`, `ManagedIdentitySignInLogs`,
 * `MicrosoftServicePrincipalSignInLogs`, `ADFSSignInLogs` → Authentication (3002); `AuditLogs` →
 * Account Change, User Access Management or Entity Management; `RiskyUsers` and
 * `UserRiskEvents` (and their service principal twins) → Detection Finding (2004). Added:
 * `metadata.tenant_uid`, `metadata.log_source` (`Azure Monitor: <category>`) and the envelope
 * in `unmapped.azureMonitor`. Any other category becomes a Base Event (0) with `properties` in
 * `unmapped`, never dropped.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not a
 *   diagnostic record or its `properties` lack what the Graph normaliser needs.
 */
export function normalizeEntraDiagnosticRecord(
  record: unknown,
  options: NormalizeEntraOptions = {},
): NormalizedEvent {
  if (!isAzureDiagnosticRecord(record)) {
    throw new NormalizationError(
      'an Azure Monitor diagnostic record needs a category and a properties object',
      {
        path:
          isRecord(record) && typeof record['category'] === 'string' ? 'properties' : 'category',
      },
    );
  }
  const parts = diagnosticParts(record);
  const metadataExtra = {
    tenant_uid: parts.tenantId,
    log_source: `Azure Monitor: ${parts.category}`,
  };
  let event: NormalizedEvent;
  if (parts.kind === undefined) {
    const time = envelopeTime(record);
    if (time === undefined) {
      throw new NormalizationError('Azure Monitor diagnostic record has no valid time', {
        path: 'time',
      });
    }
    event = buildEvent(
      'base_event',
      {
        activity_id: 99,
        activity_name: parts.envelope['operationName'] ?? parts.category,
        time,
        severity_id: severityOfLevel(record['Level'] ?? record['level']),
        message: parts.envelope['operationName'],
        metadata: {
          product: ENTRA_PRODUCT,
          uid: parts.graph['id'],
          correlation_uid: record['correlationId'],
          event_code: parts.category,
          log_name: parts.category,
          log_provider: 'Azure Monitor diagnostic settings',
          original_time: typeof record['time'] === 'string' ? record['time'] : undefined,
          ...metadataExtra,
        },
        unmapped: { azureMonitor: parts.envelope, properties: parseJsonText(record['properties']) },
      },
      { source: `Azure Monitor ${parts.category}`, record, options },
    );
    return event;
  }
  try {
    event = GRAPH_NORMALIZERS[parts.kind](parts.graph);
  } catch (error) {
    if (!(error instanceof NormalizationError)) throw error;
    throw new NormalizationError(`${parts.category}: ${error.message}`, {
      path: error.path ? `properties.${error.path}` : 'properties',
      cause: error,
    });
  }
  const metadata = event['metadata'] as Record<string, unknown>;
  const unmapped = (event['unmapped'] as Record<string, unknown> | undefined) ?? {};
  const out: NormalizedEvent = {
    ...event,
    metadata: {
      ...metadata,
      ...Object.fromEntries(Object.entries(metadataExtra).filter(([, value]) => value)),
    },
    unmapped: {
      ...unmapped,
      azureMonitor: parts.derivedId ? { ...parts.envelope, derivedId: true } : parts.envelope,
    },
  };
  if (options.includeRawData === true) out['raw_data'] = JSON.stringify(record);
  return out;
}
