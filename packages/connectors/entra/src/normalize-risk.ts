import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  locationPart,
  riskLevelAttributes,
  riskLevelOf,
  validIp,
} from '@openmdr/connector-kit/normalize';
import type { NormalizeEntraOptions } from './normalize-sign-in.js';
import { checkGraphRecord, ENTRA_PRODUCT } from './record-parts.js';
import { entraRiskDetectionSchema, entraRiskyUserSchema } from './records.js';

/** OCSF Detection Finding activity, status and verdict from a Graph `riskState`. */
function stateOf(riskState: string | null | undefined): {
  activity_id: number;
  status_id: number;
  verdict_id?: number;
  status?: string | undefined;
} {
  switch (riskState) {
    case 'atRisk':
      return { activity_id: 1, status_id: 1 };
    case 'confirmedCompromised':
      return { activity_id: 2, status_id: 2, verdict_id: 2 };
    case 'remediated':
      return { activity_id: 3, status_id: 4, verdict_id: 2 };
    case 'dismissed':
      return { activity_id: 3, status_id: 4, verdict_id: 1 };
    case 'confirmedSafe':
      return { activity_id: 3, status_id: 4, verdict_id: 5 };
    default:
      return { activity_id: 99, status_id: 99, status: riskState ?? undefined };
  }
}

function severityOf(level: number | undefined): number {
  return level === 3 ? 4 : level === 2 ? 3 : level === 1 ? 2 : 1;
}

/** ATT&CK techniques of Entra ID Protection risk event types (documented detections). */
const RISK_TECHNIQUES: Readonly<Record<string, readonly [string, string, string, string]>> = {
  passwordSpray: ['T1110.003', 'Password Spraying', 'TA0006', 'Credential Access'],
  leakedCredentials: ['T1078', 'Valid Accounts', 'TA0001', 'Initial Access'],
  unlikelyTravel: ['T1078', 'Valid Accounts', 'TA0001', 'Initial Access'],
  anonymizedIPAddress: ['T1090.003', 'Multi-hop Proxy', 'TA0011', 'Command and Control'],
  mcasSuspiciousInboxManipulationRules: [
    'T1564.008',
    'Email Hiding Rules',
    'TA0005',
    'Defense Evasion',
  ],
  suspiciousInboxForwarding: ['T1114.003', 'Email Forwarding Rule', 'TA0009', 'Collection'],
  attackerinTheMiddle: ['T1557', 'Adversary-in-the-Middle', 'TA0006', 'Credential Access'],
  anomalousToken: ['T1550.001', 'Application Access Token', 'TA0005', 'Defense Evasion'],
  tokenIssuerAnomaly: ['T1606.002', 'SAML Tokens', 'TA0006', 'Credential Access'],
  mfaFraud: [
    'T1621',
    'Multi-Factor Authentication Request Generation',
    'TA0006',
    'Credential Access',
  ],
};

/**
 * Normalises one Microsoft Graph `riskyUser` into an OCSF 1.8.0 Detection Finding (2004): the user
 * at risk as evidence, the risk level (`risk_level_id`, severity), the state as activity, status
 * and verdict (`atRisk` → new; `confirmedCompromised` → in progress, true positive; `remediated`,
 * `dismissed`, `confirmedSafe` → resolved). The finding id is the user id: each update of the same
 * user's risk updates the same finding.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record has no `id`
 *   or no valid `riskLastUpdatedDateTime`.
 */
export function normalizeEntraRiskyUser(
  record: unknown,
  options: NormalizeEntraOptions = {},
): NormalizedEvent {
  const {
    value: user,
    time,
    id,
  } = checkGraphRecord(record, entraRiskyUserSchema, 'riskyUser', 'riskLastUpdatedDateTime');
  const level = riskLevelOf(user.riskLevel);
  const name = user.userPrincipalName ?? user.userDisplayName ?? id;
  return buildEvent(
    'detection_finding',
    {
      time,
      ...stateOf(user.riskState),
      severity_id: severityOf(level),
      ...riskLevelAttributes(user.riskLevel),
      risk_details: user.riskDetail && user.riskDetail !== 'none' ? user.riskDetail : undefined,
      metadata: {
        product: ENTRA_PRODUCT,
        uid: `${id}:${user.riskLastUpdatedDateTime}`,
        log_name: 'riskyUsers',
        log_provider: 'Microsoft Entra ID Protection',
        original_time: user.riskLastUpdatedDateTime,
      },
      finding_info: {
        uid: id,
        title: `Risky user ${name}: risk ${user.riskLevel ?? 'unknown'}, ${user.riskState ?? 'unknown state'}`,
        types: ['riskyUser'],
        modified_time: time,
        product: ENTRA_PRODUCT,
      },
      evidences: [
        {
          user: {
            uid: id,
            name: user.userPrincipalName,
            full_name: user.userDisplayName,
            ...riskLevelAttributes(user.riskLevel),
          },
        },
      ],
      unmapped: {
        riskLevel: user.riskLevel,
        riskState: user.riskState,
        isDeleted: user.isDeleted,
        isProcessing: user.isProcessing,
      },
    },
    { source: 'Microsoft Entra riskyUser', record, options },
  );
}

/**
 * Normalises one Microsoft Graph `riskDetection` into an OCSF 1.8.0 Detection Finding (2004): the
 * risk event type as the finding type and title, ATT&CK technique where the detection names one,
 * the user and the source IP with its geolocation as evidence, the risk level, state and detection
 * timing.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record has no `id`,
 *   no valid `detectedDateTime`, or no `riskEventType`.
 */
export function normalizeEntraRiskDetection(
  record: unknown,
  options: NormalizeEntraOptions = {},
): NormalizedEvent {
  const {
    value: detection,
    time,
    id,
  } = checkGraphRecord(record, entraRiskDetectionSchema, 'riskDetection', 'detectedDateTime');
  const type = detection.riskEventType;
  if (!type) {
    throw new NormalizationError('Microsoft Graph riskDetection has no riskEventType', {
      path: 'riskEventType',
    });
  }
  const level = riskLevelOf(detection.riskLevel);
  const technique = RISK_TECHNIQUES[type];
  const ip = validIp(detection.ipAddress);
  const location = detection.location;
  const place = locationPart({
    city: location?.city,
    region: location?.state,
    country: location?.countryOrRegion,
    lat: location?.geoCoordinates?.latitude,
    long: location?.geoCoordinates?.longitude,
  });
  const activityTime = detection.activityDateTime
    ? Date.parse(detection.activityDateTime)
    : Number.NaN;
  const lastUpdated = detection.lastUpdatedDateTime
    ? Date.parse(detection.lastUpdatedDateTime)
    : Number.NaN;
  const hasUser = Boolean(detection.userId || detection.userPrincipalName);
  return buildEvent(
    'detection_finding',
    {
      time: Number.isNaN(lastUpdated) ? time : lastUpdated,
      ...stateOf(detection.riskState),
      severity_id: severityOf(level),
      ...riskLevelAttributes(detection.riskLevel),
      risk_details:
        detection.riskDetail && detection.riskDetail !== 'none' ? detection.riskDetail : undefined,
      metadata: {
        product: ENTRA_PRODUCT,
        uid: id,
        correlation_uid: detection.correlationId,
        event_code: type,
        log_name: 'riskDetections',
        log_provider: 'Microsoft Entra ID Protection',
        original_time: detection.detectedDateTime,
      },
      finding_info: {
        uid: id,
        title: `Entra ID Protection: ${type}`,
        types: [type],
        created_time: time,
        first_seen_time: Number.isNaN(activityTime) ? undefined : activityTime,
        modified_time: Number.isNaN(lastUpdated) ? undefined : lastUpdated,
        product: ENTRA_PRODUCT,
      },
      attacks: technique
        ? attacks([
            {
              techniqueUid: technique[0],
              techniqueName: technique[1],
              tacticUid: technique[2],
              tacticName: technique[3],
              version: '16.1',
            },
          ])
        : undefined,
      evidences:
        hasUser || ip
          ? [
              {
                user: hasUser
                  ? {
                      uid: detection.userId,
                      name: detection.userPrincipalName,
                      full_name: detection.userDisplayName,
                    }
                  : undefined,
                src_endpoint: ip ? { ip, location: place } : undefined,
              },
            ]
          : undefined,
      unmapped: {
        riskLevel: detection.riskLevel,
        riskState: detection.riskState,
        source: detection.source,
        detectionTimingType: detection.detectionTimingType,
        activity: detection.activity,
        tokenIssuerType: detection.tokenIssuerType,
        requestId: detection.requestId,
        additionalInfo: detection.additionalInfo,
        location: ip ? undefined : detection.location,
      },
    },
    { source: 'Microsoft Entra riskDetection', record, options },
  );
}
