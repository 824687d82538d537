import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  type AttackInput,
  attacks,
  buildEvent,
  compact,
  filePart,
  macAddress,
  type NormalizeOptions,
  type OcsfPart,
  part,
  processEvidences,
  type RecordReader,
  severityIdOf,
  validIp,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import { falconTime } from './falcon-time.js';
import { CROWDSTRIKE_PRODUCT } from './normalize-alert.js';

/** The envelope of one Event Streams event, read. */
export interface StreamEnvelope {
  /** The whole record (`{ metadata, event }`). */
  readonly record: unknown;
  /** `metadata.eventType`. */
  readonly eventType: string;
  /** `metadata.customerIDString`. */
  readonly cid: string | undefined;
  /** `metadata.offset`. */
  readonly offset: number | undefined;
  /** `metadata.eventCreationTime`, epoch ms. */
  readonly created: number | undefined;
  /** The event body. */
  readonly event: RecordReader;
}

/** The `metadata` every Event Streams event carries: product, uid, tenant, event code. */
export function streamMetadata(envelope: StreamEnvelope, uid?: string): OcsfPart {
  return compact({
    product: CROWDSTRIKE_PRODUCT,
    log_name: 'Event Streams',
    uid: uid ?? envelopeUid(envelope),
    tenant_uid: envelope.cid,
    event_code: envelope.eventType,
    sequence: envelope.offset,
  });
}

/** `<cid>:<offset>`, the identity of one event of the stream. */
export function envelopeUid(envelope: StreamEnvelope): string | undefined {
  return envelope.offset === undefined ? undefined : `${envelope.cid ?? ''}:${envelope.offset}`;
}

/** The first present time among `fields` of the event, else the envelope's creation time. */
export function eventTime(envelope: StreamEnvelope, ...fields: string[]): number | undefined {
  for (const field of fields) {
    const time = falconTime(envelope.event.value(field));
    if (time !== undefined) return time;
  }
  return envelope.created;
}

/** Severity of a detection: `SeverityName`, else the 1–5 scale or the 1–100 score. */
function severityId(event: RecordReader): number {
  const name = event.string('SeverityName');
  if (name) return severityIdOf(name);
  const score = event.number('Severity');
  if (score === undefined) return 0;
  if (score <= 5) return Math.max(1, Math.round(score));
  if (score >= 90) return 5;
  if (score >= 70) return 4;
  if (score >= 50) return 3;
  if (score >= 20) return 2;
  return 1;
}

function disposition(flags: RecordReader | undefined): number | undefined {
  if (!flags) return undefined;
  if (flags.boolean('QuarantineMachine')) return 4;
  if (flags.boolean('QuarantineFile')) return 3;
  const blocked = [
    'KillProcess',
    'KillParent',
    'KillSubProcess',
    'ProcessBlocked',
    'OperationBlocked',
    'FsOperationBlocked',
    'RegistryOperationBlocked',
  ].some((flag) => flags.boolean(flag));
  // "would have been blocked if the policy were enabled": detected only
  if (blocked && !flags.boolean('PolicyDisabled')) return 2;
  return 15;
}

/** A full image path from a folder or full `FilePath` and a `FileName`. */
function imagePath(folder: string | undefined, name: string | undefined): string | undefined {
  if (!folder) return undefined;
  if (!name || folder.endsWith(name)) return folder;
  const separator = folder.includes('\\') ? '\\' : '/';
  return `${folder.replace(/[\\/]$/, '')}${separator}${name}`;
}

function processOf(event: RecordReader): OcsfPart | undefined {
  const name = event.string('FileName');
  const file = filePart({
    path: imagePath(event.string('FilePath'), name),
    name,
    md5: event.string('MD5String'),
    sha1: event.string('SHA1String'),
    sha256: event.string('SHA256String'),
    executable: true,
  });
  const parentFile = filePart({
    path: event.string('ParentImageFilePath'),
    name: event.string('ParentImageFileName'),
    executable: true,
  });
  const parent = part({
    uid: event.string('ParentProcessId'),
    cmd_line: event.string('ParentCommandLine'),
    name: parentFile?.['name'],
    file: parentFile,
  });
  const cmdLine = event.string('CommandLine');
  if (!file && !cmdLine) return undefined;
  return compact({
    uid: event.string('ProcessId'),
    name: file?.['name'],
    cmd_line: cmdLine,
    created_time: falconTime(event.value('ProcessStartTime')),
    terminated_time: falconTime(event.value('ProcessEndTime')),
    file,
    user: part({ name: event.string('UserName'), domain: event.string('LogonDomain') }),
    parent_process: parent,
  });
}

/** A comma-separated Falcon list (`"Initial Access,Execution"`) as trimmed items. */
function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function attackInputs(event: RecordReader): AttackInput[] {
  const one = (reader: RecordReader): AttackInput => ({
    tacticUid: reader.string('TacticId') ?? reader.string('TacticID'),
    tacticName: reader.string('Tactic'),
    techniqueUid: reader.string('TechniqueId') ?? reader.string('TechniqueID'),
    techniqueName: reader.string('Technique'),
  });
  // XDR detections list them comma-separated, index by index
  const tacticIds = listOf(event.string('TacticIds'));
  const tactics = listOf(event.string('Tactics'));
  const techniqueIds = listOf(event.string('TechniqueIds'));
  const techniques = listOf(event.string('Techniques'));
  const listed: AttackInput[] = [];
  for (let index = 0; index < Math.max(tactics.length, techniques.length); index += 1) {
    listed.push({
      tacticUid: tacticIds[index],
      tacticName: tactics[index],
      techniqueUid: techniqueIds[index],
      techniqueName: techniques[index],
    });
  }
  return [one(event), ...event.objects('MitreAttack').map(one), ...listed];
}

/** XDR detections name their hosts and addresses in lists: one device evidence each. */
function xdrEvidences(event: RecordReader): OcsfPart[] {
  return [
    ...listOf(event.string('HostNames')).map((hostname) => ({
      name: 'host',
      device: { hostname, type_id: 0 },
    })),
    ...listOf(event.string('IPv4Addresses'))
      .filter((ip) => validIp(ip) !== undefined)
      .map((ip) => ({ name: 'address', device: { ip, type_id: 0 } })),
  ];
}

function networkEvidences(event: RecordReader): OcsfPart[] {
  return event.objects('NetworkAccesses').map((access) =>
    compact({
      name: 'network_access',
      src_endpoint: part({ ip: access.ip('LocalAddress'), port: access.number('LocalPort') }),
      dst_endpoint: part({ ip: access.ip('RemoteAddress'), port: access.number('RemotePort') }),
      connection_info: part({
        protocol_name: access.string('Protocol')?.toLowerCase(),
        direction_id: access.number('ConnectionDirection') === 1 ? 1 : 2,
      }),
    }),
  );
}

/** The identity-protection detection's source account and endpoints. */
function identityEvidence(event: RecordReader): OcsfPart | undefined {
  return part({
    user: part({
      name: event.string('SourceAccountName'),
      domain: event.string('SourceAccountDomain'),
      uid: event.string('SourceAccountObjectSid'),
      email_addr: event.string('SourceAccountUpn')?.includes('@')
        ? event.string('SourceAccountUpn')
        : undefined,
    }),
    src_endpoint: part({
      hostname: event.string('SourceEndpointHostName'),
      ip: event.ip('SourceEndpointIpAddress'),
      uid: event.string('SourceEndpointSensorId'),
    }),
    dst_endpoint: part({
      hostname: event.string('TargetEndpointHostName'),
      uid: event.string('TargetEndpointSensorId'),
    }),
  });
}

function devicePart(event: RecordReader): OcsfPart | undefined {
  const uid = event.string('AgentId') ?? event.string('SensorId');
  const hostname = event.string('Hostname') ?? event.string('ComputerName');
  if (!uid && !hostname) return undefined;
  return compact({
    uid,
    hostname,
    ip: event.ip('LocalIP') ?? event.ip('LocalIPv6'),
    mac: macAddress(event.string('MACAddress')),
    domain: event.string('MachineDomain'),
    type_id: 0,
    groups: (event.string('HostGroups') ?? '')
      .split(',')
      .map((group) => group.trim())
      .filter((group) => group.length > 0)
      .map((group) => ({ uid: group })),
  });
}

const MAPPED_DETECTION = new Set([
  'CompositeId',
  'DetectId',
  'Name',
  'DetectName',
  'Description',
  'DetectDescription',
  'Severity',
  'SeverityName',
  'FalconHostLink',
  'AgentId',
  'SensorId',
  'Hostname',
  'ComputerName',
  'LocalIP',
  'LocalIPv6',
  'MACAddress',
  'MachineDomain',
  'HostGroups',
  'FileName',
  'FilePath',
  'MD5String',
  'SHA1String',
  'SHA256String',
  'CommandLine',
  'ProcessId',
  'ProcessStartTime',
  'ProcessEndTime',
  'UserName',
  'LogonDomain',
  'ParentProcessId',
  'ParentImageFileName',
  'ParentImageFilePath',
  'ParentCommandLine',
  'Tactic',
  'TacticId',
  'Technique',
  'TechniqueId',
  'MitreAttack',
  'Tactics',
  'TacticIds',
  'Techniques',
  'TechniqueIds',
  'HostNames',
  'IPv4Addresses',
  'StartTimeEpoch',
  'EndTimeEpoch',
  'Objective',
  'PatternId',
  'PatternDispositionFlags',
  'PatternDispositionDescription',
  'NetworkAccesses',
  'SourceProducts',
  'Type',
  'ContextTimeStamp',
  'SourceAccountName',
  'SourceAccountDomain',
  'SourceAccountObjectSid',
  'SourceAccountUpn',
  'SourceEndpointHostName',
  'SourceEndpointIpAddress',
  'SourceEndpointSensorId',
  'TargetEndpointHostName',
  'TargetEndpointSensorId',
]);

/**
 * A detection summary of the stream (`DetectionSummaryEvent`, `EppDetectionSummaryEvent`,
 * `IdpDetectionSummaryEvent`, `MobileDetectionSummaryEvent`, `XdrDetectionSummaryEvent`, …) as an
 * OCSF Detection Finding: the detection id, name and description, severity, ATT&CK, the
 * prevention disposition, the host, the process with its parent, network accesses and the
 * identity-protection account and endpoints.
 */
export function streamDetectionFinding(
  envelope: StreamEnvelope,
  options: NormalizeOptions,
): DetectionFinding & NormalizedEvent {
  const { event } = envelope;
  const uid =
    event.string('CompositeId') ?? event.string('DetectId') ?? envelopeUid(envelope) ?? '';
  const title =
    event.string('Name') ?? event.string('DetectName') ?? `CrowdStrike ${envelope.eventType}`;
  const description = event.string('Description') ?? event.string('DetectDescription');
  const time = eventTime(envelope, 'ContextTimeStamp', 'StartTimeEpoch', 'ProcessStartTime');
  const device = devicePart(event);
  const evidences: OcsfPart[] = [
    ...processEvidences(processOf(event), device ? { device } : {}),
    ...networkEvidences(event),
    ...xdrEvidences(event),
  ];
  const identity = identityEvidence(event);
  if (identity) evidences.push(identity);
  const types = [event.string('Type') ?? event.string('XdrType'), envelope.eventType].filter(
    (value): value is string => value !== undefined,
  );
  return buildEvent(
    'detection_finding',
    {
      activity_id: 1,
      severity_id: severityId(event),
      status_id: 1,
      time: envelope.created ?? time,
      is_alert: true,
      disposition_id: disposition(event.object('PatternDispositionFlags')),
      status_code: event.string('PatternDispositionDescription'),
      message: description ?? title,
      finding_info: {
        uid,
        title,
        desc: description,
        created_time: envelope.created,
        first_seen_time: time,
        last_seen_time: falconTime(event.value('EndTimeEpoch')),
        types,
        src_url: event.string('FalconHostLink'),
        attacks: attacks(attackInputs(event)),
        data_sources: listOf(event.string('SourceProducts')),
        analytic: event.string('PatternId')
          ? compact({
              uid: event.string('PatternId'),
              name: title,
              category: event.string('Objective'),
              type_id: 1,
            })
          : undefined,
      },
      device,
      evidences,
      metadata: { ...streamMetadata(envelope, uid), profiles: ['security_control'] },
      unmapped: event.rest(MAPPED_DETECTION),
    },
    { source: `CrowdStrike ${envelope.eventType}`, record: envelope.record, options },
  );
}
