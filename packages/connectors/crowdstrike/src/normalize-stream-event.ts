import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  isRecord,
  type NormalizeOptions,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import { OpenMdrError } from '@openmdr/core';
import { falconTime } from './falcon-time.js';
import {
  streamApiActivity,
  streamAuthActivity,
  streamFirewallMatch,
  streamIncident,
  streamRemoteResponse,
} from './normalize-stream-audit.js';
import {
  type StreamEnvelope,
  streamDetectionFinding,
  streamMetadata,
} from './normalize-stream-detection.js';

type StreamMapper = (envelope: StreamEnvelope, options: NormalizeOptions) => NormalizedEvent;

/** Event types mapped to an OCSF class other than Base Event, by lower-cased name. */
const MAPPERS: Readonly<Record<string, StreamMapper>> = {
  detectionsummaryevent: streamDetectionFinding,
  eppdetectionsummaryevent: streamDetectionFinding,
  idpdetectionsummaryevent: streamDetectionFinding,
  mobiledetectionsummaryevent: streamDetectionFinding,
  xdrdetectionsummaryevent: streamDetectionFinding,
  datprotectiondetectionsummaryevent: streamDetectionFinding,
  dataprotectiondetectionsummaryevent: streamDetectionFinding,
  overwatchgenericdetectionsummaryevent: streamDetectionFinding,
  customeriocevent: streamDetectionFinding,
  incidentsummaryevent: streamIncident,
  identityprotectionincidentevent: streamIncident,
  identityprotectionevent: streamIncident,
  authactivityauditevent: streamAuthActivity,
  useractivityauditevent: streamApiActivity,
  apiactivityauditevent: streamApiActivity,
  remoteresponsesessionstartevent: streamRemoteResponse,
  remoteresponsesessionendevent: streamRemoteResponse,
  firewallmatchevent: streamFirewallMatch,
};

/**
 * Documented event types kept as OCSF Base Event (the event body in `unmapped`): they have no
 * fitting OCSF class, or too little in common to map. Any other type is unknown: also kept,
 * and reported by {@link isKnownCrowdStrikeStreamEventType} so the stream can warn.
 */
const KEPT_AS_BASE = new Set(
  [
    'ReconNotificationSummaryEvent',
    'ScheduledReportNotificationEvent',
    'HashSpreadingEvent',
    'CSPMIOAStreamingEvent',
    'CSPMSearchStreamingEvent',
    'SensorUpdateEvent',
    'ArtifactStatusEvent',
    'AutomatedLeadSummaryEvent',
    'FileVantageChangeEvent',
    'MobileDetectionUpdateEvent',
  ].map((type) => type.toLowerCase()),
);

/** True for an Event Streams `eventType` this normaliser knows (mapped or kept as Base Event). */
export function isKnownCrowdStrikeStreamEventType(eventType: string): boolean {
  const key = eventType.toLowerCase();
  return key in MAPPERS || KEPT_AS_BASE.has(key);
}

/** True when a record has the Event Streams shape: `{ metadata: { eventType }, event }`. */
export function isCrowdStrikeStreamEvent(record: unknown): boolean {
  return (
    isRecord(record) &&
    isRecord(record['metadata']) &&
    typeof record['metadata']['eventType'] === 'string' &&
    isRecord(record['event'])
  );
}

function baseEvent(
  envelope: StreamEnvelope,
  options: NormalizeOptions,
  notMapped?: string,
): NormalizedEvent {
  return buildEvent(
    'base_event',
    {
      activity_id: 99,
      activity_name: envelope.eventType,
      severity_id: 0,
      status_id: 0,
      time: envelope.created ?? falconTime(envelope.event.value('UTCTimestamp')),
      status_detail: notMapped,
      message: `CrowdStrike ${envelope.eventType}`,
      metadata: streamMetadata(envelope),
      unmapped: { event: envelope.event.record },
    },
    { source: `CrowdStrike ${envelope.eventType}`, record: envelope.record, options },
  );
}

/**
 * Normalises one Falcon Event Streams event (`{ metadata: { customerIDString, offset,
 * eventType, eventCreationTime, version }, event: { … } }`) by its `eventType`:
 *
 * - detection summaries (`DetectionSummaryEvent`, `EppDetectionSummaryEvent`,
 *   `IdpDetectionSummaryEvent`, mobile, XDR, data-protection, OverWatch, `CustomerIOCEvent`)
 *   → Detection Finding (2004);
 * - `IncidentSummaryEvent`, `IdentityProtectionEvent` / `IdentityProtectionIncidentEvent` →
 *   Incident Finding (2005);
 * - `AuthActivityAuditEvent` → Authentication (3002), or Account Change (3001) for account
 *   administration;
 * - `UserActivityAuditEvent`, `APIActivityAuditEvent` → API Activity (6003);
 * - `RemoteResponseSessionStartEvent` / `…EndEvent` → Authentication (Logon / Logoff);
 * - `FirewallMatchEvent` → Network Activity (4001);
 * - every other type, and an event of a mapped type that lacks what its class needs → Base
 *   Event with the event body in `unmapped` (never dropped; the reason in `status_detail`).
 *
 * `metadata.uid` is the detection or incident id, else `<customerIDString>:<offset>`;
 * `metadata.sequence` the offset, `metadata.event_code` the event type.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `metadata.eventType` or no `event` object, or has no usable time.
 */
export function normalizeCrowdStrikeStreamEvent(
  record: unknown,
  options: NormalizeOptions = {},
): NormalizedEvent {
  const reader = new RecordReader(record);
  const metadata = reader.object('metadata');
  const eventType = reader.requireString('metadata.eventType');
  const event = reader.object('event') ?? new RecordReader(reader.value('event'), 'event');
  const envelope: StreamEnvelope = {
    record,
    eventType,
    cid: metadata?.string('customerIDString'),
    offset: metadata?.number('offset'),
    created: falconTime(metadata?.value('eventCreationTime')),
    event,
  };
  const mapper = MAPPERS[eventType.toLowerCase()];
  if (!mapper) return baseEvent(envelope, options);
  try {
    return mapper(envelope, options);
  } catch (error) {
    // a known type whose event lacks what its class needs: kept whole, with the reason
    if (!OpenMdrError.isInstance(error) || error.code !== 'NORMALIZE_FAILED') throw error;
    return baseEvent(envelope, options, `not mapped to its OCSF class: ${error.message}`);
  }
}
