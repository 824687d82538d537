import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  type AttackInput,
  attacks,
  buildEvent,
  compact,
  filePart,
  findingActivityId,
  findingStatus,
  findingTimes,
  macAddress,
  type NormalizeOptions,
  type OcsfPart,
  osPart,
  part,
  processEvidences,
  RecordReader,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import { crowdstrikeDeviceTypeId } from './normalize-host.js';

/** `metadata.product` of every CrowdStrike event. */
export const CROWDSTRIKE_PRODUCT = { name: 'Falcon', vendor_name: 'CrowdStrike' } as const;

/** Top-level alert fields the normaliser maps (the rest goes to `unmapped`). */
const MAPPED = new Set([
  'composite_id',
  'display_name',
  'name',
  'description',
  'created_timestamp',
  'updated_timestamp',
  'timestamp',
  'context_timestamp',
  'type',
  'product',
  'falcon_host_link',
  'severity',
  'severity_name',
  'confidence',
  'status',
  'device',
  'agent_id',
  'user_name',
  'user_id',
  'user_principal',
  'logon_domain',
  'filename',
  'filepath',
  'cmdline',
  'md5',
  'sha1',
  'sha256',
  'local_process_id',
  'process_id',
  'process_start_time',
  'parent_details',
  'quarantined_files',
  'tactic',
  'tactic_id',
  'technique',
  'technique_id',
  'mitre_attack',
  'pattern_id',
  'pattern_disposition_details',
  'pattern_disposition_description',
  'scenario',
  'objective',
  'source_products',
  'source_account_name',
  'source_account_domain',
  'source_account_object_sid',
  'source_account_upn',
  'source_endpoint_host_name',
  'source_endpoint_ip_address',
  'target_endpoint_host_name',
  'target_service_access_identifier',
]);

/** OCSF `severity_id` of a CrowdStrike alert: `severity_name`, else the 1–100 score bands. */
function severityId(alert: RecordReader): number {
  const name = alert.string('severity_name');
  if (name) return severityIdOf(name);
  const score = alert.number('severity');
  if (score === undefined) return 0;
  if (score >= 90) return 5;
  if (score >= 70) return 4;
  if (score >= 50) return 3;
  if (score >= 20) return 2;
  return 1;
}

const STATUS_IDS: Readonly<Record<string, number>> = {
  new: 1,
  reopened: 1,
  in_progress: 2,
  closed: 4,
};

function confidenceId(score: number | undefined): number | undefined {
  if (score === undefined) return undefined;
  if (score >= 80) return 3;
  if (score >= 50) return 2;
  return 1;
}

/** The disposition of a prevention pattern, from its flags. */
function disposition(details: RecordReader | undefined): number | undefined {
  if (!details) return undefined;
  if (details.boolean('quarantine_machine')) return 4;
  if (details.boolean('quarantine_file')) return 3;
  if (
    details.boolean('kill_process') ||
    details.boolean('kill_parent') ||
    details.boolean('kill_subprocess') ||
    details.boolean('process_blocked') ||
    details.boolean('operation_blocked') ||
    details.boolean('fs_operation_blocked') ||
    details.boolean('registry_operation_blocked')
  )
    return 2;
  if (details.boolean('detect')) return 15;
  return undefined;
}

/** Process start times are epoch seconds (string or number) in the Alerts API. */
function epochSeconds(reader: RecordReader, path: string): number | undefined {
  const value = reader.number(path);
  if (value === undefined) return undefined;
  return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
}

function userPart(reader: RecordReader | undefined): OcsfPart | undefined {
  if (!reader) return undefined;
  const principal = reader.string('user_principal') ?? reader.string('source_account_upn');
  return part({
    name: reader.string('user_name') ?? reader.string('source_account_name'),
    uid: reader.string('user_id') ?? reader.string('source_account_object_sid'),
    domain: reader.string('logon_domain') ?? reader.string('source_account_domain'),
    email_addr: principal?.includes('@') ? principal : undefined,
  });
}

/** Identity-protection alerts name the source and target endpoints of an authentication. */
function endpointEvidence(alert: RecordReader): OcsfPart | undefined {
  return part({
    src_endpoint: part({
      hostname: alert.string('source_endpoint_host_name'),
      ip: alert.ip('source_endpoint_ip_address'),
    }),
    dst_endpoint: part({
      hostname: alert.string('target_endpoint_host_name'),
      svc_name: alert.string('target_service_access_identifier'),
    }),
  });
}

function processPart(
  reader: RecordReader,
  parent: OcsfPart | undefined,
  user: OcsfPart | undefined,
): OcsfPart | undefined {
  const file = filePart({
    path: reader.string('filepath'),
    name: reader.string('filename'),
    md5: reader.string('md5'),
    sha1: reader.string('sha1'),
    sha256: reader.string('sha256'),
    executable: true,
  });
  const cmdLine = reader.string('cmdline');
  if (!file && !cmdLine) return undefined;
  return compact({
    name: file?.['name'],
    cmd_line: cmdLine,
    pid: reader.number('local_process_id'),
    uid: reader.string('process_graph_id') ?? reader.string('process_id'),
    created_time: epochSeconds(reader, 'process_start_time') ?? reader.time('timestamp'),
    file,
    user,
    parent_process: parent,
  });
}

function devicePart(alert: RecordReader): OcsfPart | undefined {
  const device = alert.object('device');
  const uid = device?.string('device_id') ?? alert.string('agent_id');
  if (!device && !uid) return undefined;
  const platform = device?.string('platform_name');
  return compact({
    uid,
    hostname: device?.string('hostname'),
    ip: device?.ip('local_ip'),
    mac: macAddress(device?.string('mac_address')),
    domain: device?.string('machine_domain'),
    os: osPart({ name: device?.string('os_version'), platform }),
    type_id: crowdstrikeDeviceTypeId(device),
    vendor_name: device?.string('system_manufacturer'),
    model: device?.string('system_product_name'),
    groups: device?.strings('groups').map((group) => ({ uid: group })),
  });
}

function attackInputs(alert: RecordReader): AttackInput[] {
  const inputs: AttackInput[] = [
    {
      tacticUid: alert.string('tactic_id'),
      tacticName: alert.string('tactic'),
      techniqueUid: alert.string('technique_id'),
      techniqueName: alert.string('technique'),
    },
  ];
  for (const item of alert.objects('mitre_attack')) {
    inputs.push({
      tacticUid: item.string('tactic_id'),
      tacticName: item.string('tactic'),
      techniqueUid: item.string('technique_id'),
      techniqueName: item.string('technique'),
    });
  }
  return inputs;
}

/**
 * Normalises one CrowdStrike Falcon alert (Alerts API v2 entity, any product: endpoint,
 * identity, XDR, third party) into an OCSF 1.8.0 Detection Finding (class 2004).
 *
 * `composite_id` becomes `finding_info.uid` and `metadata.uid`; severity comes from
 * `severity_name` (or the 1–100 score), confidence from `confidence`, status from `status`;
 * the host, the user, the triggering process (with its parent) and quarantined files become
 * `device`, `evidences[]`; tactic/technique (and `mitre_attack`) become `attacks`; the Falcon
 * console link becomes `finding_info.src_url`. Fields OCSF has no place for stay in `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `composite_id`, or no `updated_timestamp` / `created_timestamp`.
 */
export function normalizeCrowdStrikeAlert(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const alert = new RecordReader(record);
  const uid = alert.requireString('composite_id');
  const times = findingTimes(alert, 'created_timestamp', 'updated_timestamp');
  const status = alert.string('status');
  const statusId = status === undefined ? 0 : (STATUS_IDS[status] ?? 99);
  const confidence = alert.number('confidence');
  const user = userPart(alert);
  const parentDetails = alert.object('parent_details');
  const parent = parentDetails
    ? processPart(parentDetails, undefined, userPart(parentDetails))
    : undefined;
  const process = processPart(alert, parent, user);
  const device = devicePart(alert);
  const evidences: OcsfPart[] = [];
  evidences.push(...processEvidences(process, device ? { device } : {}));
  if (user && !evidences.some((evidence) => evidence['process'])) evidences.push({ user });
  const endpoints = endpointEvidence(alert);
  if (endpoints) evidences.push(endpoints);
  for (const quarantined of alert.objects('quarantined_files')) {
    const file = filePart({
      name: quarantined.string('filename'),
      path: quarantined.string('filename')?.includes('\\')
        ? quarantined.string('filename')
        : undefined,
      sha256: quarantined.string('sha256'),
    });
    if (file)
      evidences.push(
        compact({
          file,
          uid: quarantined.string('id'),
          name: 'quarantined_file',
          data: { state: quarantined.string('state') },
        }),
      );
  }
  const dispositionId = disposition(alert.object('pattern_disposition_details'));
  const types = [alert.string('type'), alert.string('product')].filter(
    (value): value is string => value !== undefined,
  );
  const title =
    alert.string('display_name') ?? alert.string('name') ?? alert.string('scenario') ?? uid;
  const unmapped = alert.rest(MAPPED);
  const event = {
    activity_id: findingActivityId(statusId === 4, times),
    severity_id: severityId(alert),
    ...findingStatus(statusId, status),
    time: times.updated,
    is_alert: true,
    confidence_score: confidence,
    confidence_id: confidenceId(confidence),
    disposition_id: dispositionId,
    status_code: alert.string('pattern_disposition_description'),
    message: alert.string('description') ?? title,
    finding_info: {
      uid,
      title,
      desc: alert.string('description'),
      created_time: times.created,
      modified_time: alert.time('updated_timestamp'),
      first_seen_time: alert.time('timestamp') ?? alert.time('context_timestamp'),
      types,
      src_url: alert.string('falcon_host_link'),
      attacks: attacks(attackInputs(alert)),
      data_sources: alert.strings('source_products'),
      analytic:
        alert.string('pattern_id') || alert.string('name')
          ? compact({
              uid: alert.string('pattern_id'),
              name: alert.string('name'),
              category: alert.string('objective'),
              type_id: 1,
            })
          : undefined,
    },
    device,
    evidences,
    metadata: {
      product: CROWDSTRIKE_PRODUCT,
      uid,
      profiles: ['security_control'],
      original_time: alert.string('updated_timestamp'),
      event_code: alert.string('type'),
    },
    unmapped,
  };
  return buildEvent('detection_finding', event, { source: 'CrowdStrike alert', record, options });
}
