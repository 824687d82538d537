import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  categoryAttacks,
  compact,
  findingTimes,
  type NormalizeOptions,
  type OcsfPart,
  part,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import {
  accountUser,
  alertState,
  DEFENDER_ENDPOINT_PRODUCT,
  defenderFile,
  detectorAnalytic,
} from './defender-parts.js';

const MAPPED = new Set([
  'id',
  'title',
  'description',
  'severity',
  'status',
  'classification',
  'category',
  'alertCreationTime',
  'firstEventTime',
  'lastEventTime',
  'lastUpdateTime',
  'resolvedTime',
  'machineId',
  'computerDnsName',
  'mitreTechniques',
  'relatedUser',
  'evidence',
  'detectionSource',
  'detectorId',
]);

/** One MDE alert evidence (`entityType` User, Process, File, Ip, Url, …) as OCSF evidence. */
function evidenceOf(item: RecordReader): OcsfPart | undefined {
  const type = item.string('entityType')?.toLowerCase();
  const user = accountUser(item);
  switch (type) {
    case 'process': {
      const file = defenderFile(item);
      const pid = item.number('processId');
      const parentFile = part({
        name: item.string('parentProcessFileName'),
        path:
          item.string('parentProcessFilePath') && item.string('parentProcessFileName')
            ? `${item.string('parentProcessFilePath')}\\${item.string('parentProcessFileName')}`
            : undefined,
      });
      const parentPid = item.number('parentProcessId');
      const parent =
        parentPid === undefined
          ? undefined
          : compact({
              pid: parentPid,
              name: item.string('parentProcessFileName'),
              created_time: item.time('parentProcessCreationTime'),
              file: parentFile ? { ...parentFile, type_id: 1 } : undefined,
            });
      if (pid === undefined)
        return file ? compact({ file, name: 'process_image', user }) : undefined;
      return {
        process: compact({
          pid,
          name: file?.['name'],
          cmd_line: item.string('processCommandLine'),
          created_time: item.time('processCreationTime'),
          file,
          user,
          parent_process: parent,
        }),
      };
    }
    case 'file': {
      const file = defenderFile(item);
      return file ? compact({ file, verdict: item.string('detectionStatus') }) : undefined;
    }
    case 'user':
      return user ? { user } : undefined;
    case 'ip': {
      const ip = item.ip('ipAddress');
      return ip ? { dst_endpoint: { ip } } : undefined;
    }
    case 'url':
      return item.string('url') ? { url: { url_string: item.string('url') } } : undefined;
    default: {
      const data = item.rest(new Set());
      return data ? { name: item.string('entityType') ?? 'evidence', data } : undefined;
    }
  }
}

/**
 * Normalises one Microsoft Defender for Endpoint alert (`GET /api/alerts?$expand=evidence`)
 * into an OCSF 1.8.0 Detection Finding (class 2004).
 *
 * `id` is the finding uid; `severity`, `status` and `classification` map to `severity_id`,
 * `status_id` and `verdict_id`; `category` (an ATT&CK tactic name) and `mitreTechniques`
 * become `attacks`; the machine becomes `device`; `evidence` entries (process, file, user, IP,
 * URL, other) become `evidences[]`. Other fields go to `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `id`, or no `lastUpdateTime` / `alertCreationTime`.
 */
export function normalizeDefenderEndpointAlert(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const alert = new RecordReader(record);
  const uid = alert.requireString('id');
  const times = findingTimes(alert, 'alertCreationTime', 'lastUpdateTime');
  const evidences = alert
    .objects('evidence')
    .map(evidenceOf)
    .filter((evidence): evidence is OcsfPart => evidence !== undefined);
  const related = accountUser(alert.object('relatedUser'));
  if (related && !evidences.some((evidence) => evidence['user'])) evidences.push({ user: related });
  const machineId = alert.string('machineId');
  const device = machineId
    ? compact({ uid: machineId, hostname: alert.string('computerDnsName'), type_id: 0 })
    : undefined;
  const title = alert.string('title') ?? uid;
  const unmapped = alert.rest(MAPPED);
  const event = {
    ...alertState(alert, times),
    message: alert.string('description') ?? title,
    finding_info: {
      uid,
      title,
      desc: alert.string('description'),
      created_time: times.created,
      modified_time: alert.time('lastUpdateTime'),
      first_seen_time: alert.time('firstEventTime'),
      last_seen_time: alert.time('lastEventTime'),
      types: [alert.string('category'), alert.string('detectionSource')],
      attacks: attacks(categoryAttacks(alert.string('category'), alert.strings('mitreTechniques'))),
      analytic: detectorAnalytic(alert),
    },
    device,
    evidences,
    end_time: alert.time('resolvedTime'),
    metadata: {
      product: DEFENDER_ENDPOINT_PRODUCT,
      uid,
      profiles: ['security_control', 'incident'],
      original_time: alert.string('lastUpdateTime'),
      event_code: alert.string('detectionSource'),
      correlation_uid: alert.string('incidentId'),
    },
    unmapped,
  };
  return buildEvent('detection_finding', event, {
    source: 'Microsoft Defender for Endpoint alert',
    record,
    options,
  });
}
