import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  categoryAttacks,
  compact,
  findingTimes,
  type NormalizeOptions,
  type OcsfPart,
  osPart,
  part,
  RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import {
  accountUser,
  alertState,
  DEFENDER_XDR_PRODUCT,
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
  'createdDateTime',
  'lastUpdateDateTime',
  'firstActivityDateTime',
  'lastActivityDateTime',
  'resolvedDateTime',
  'mitreTechniques',
  'evidence',
  'alertWebUrl',
  'recommendedActions',
  'serviceSource',
  'detectionSource',
  'detectorId',
  'incidentId',
  'productName',
]);

function graphDevice(item: RecordReader): OcsfPart | undefined {
  const uid = item.string('mdeDeviceId') ?? item.string('azureAdDeviceId');
  const hostname = item.string('deviceDnsName') ?? item.string('hostName');
  if (!uid && !hostname) return undefined;
  const ips = item.objects('ipInterfaces');
  return compact({
    uid,
    uid_alt: item.string('azureAdDeviceId'),
    hostname,
    ip: validIp(item.strings('ipInterfaces')[0]) ?? ips[0]?.ip('ipAddress'),
    os: osPart({
      name: item.string('osPlatform'),
      version: item.string('version'),
      build: item.string('osBuild'),
    }),
    type_id: 0,
  });
}

function graphProcess(item: RecordReader): OcsfPart | undefined {
  const pid = item.number('processId');
  const file = defenderFile(item.object('imageFile'));
  if (pid === undefined) return undefined;
  const parentPid = item.number('parentProcessId');
  const parentFile = defenderFile(item.object('parentProcessImageFile'));
  return compact({
    pid,
    name: file?.['name'],
    cmd_line: item.string('processCommandLine'),
    created_time: item.time('processCreationDateTime'),
    file,
    user: accountUser(item.object('userAccount')),
    parent_process:
      parentPid === undefined
        ? undefined
        : compact({
            pid: parentPid,
            name: parentFile?.['name'],
            created_time: item.time('parentProcessCreationDateTime'),
            file: parentFile,
          }),
  });
}

/** One Graph evidence (`@odata.type` `#microsoft.graph.security.<kind>Evidence`) as OCSF evidence. */
function evidenceOf(item: RecordReader): OcsfPart | undefined {
  const type = item.record['@odata.type'];
  const kind =
    /security\.(\w+)Evidence$/.exec(typeof type === 'string' ? type : '')?.[1] ?? 'unknown';
  const verdict = item.string('verdict');
  const base = { name: kind, ...(verdict ? { verdict } : {}) };
  switch (kind) {
    case 'device': {
      const device = graphDevice(item);
      return device ? { ...base, device } : undefined;
    }
    case 'process': {
      const process = graphProcess(item);
      if (process) return { ...base, process };
      const file = defenderFile(item.object('imageFile'));
      return file ? { ...base, file } : undefined;
    }
    case 'file': {
      const file = defenderFile(item.object('fileDetails'));
      return file ? { ...base, file } : undefined;
    }
    case 'user': {
      const user = accountUser(item.object('userAccount'));
      return user ? { ...base, user } : undefined;
    }
    case 'ip': {
      const ip = item.ip('ipAddress');
      return ip
        ? {
            ...base,
            dst_endpoint: compact({
              ip,
              location: part({ country: item.string('countryLetterCode') }),
            }),
          }
        : undefined;
    }
    case 'url':
      return item.string('url') ? { ...base, url: { url_string: item.string('url') } } : undefined;
    case 'mailbox':
    case 'analyzedMessage': {
      const address = item.string('primaryAddress') ?? item.string('recipientEmailAddress');
      // The mailbox's account when Defender gives it (`jdoe`), its display name as such: OCSF
      // `user.name` is the account, and an EDR's or identity provider's findings name it so.
      const account = accountUser(item.object('userAccount'));
      return address
        ? {
            ...base,
            user: compact({
              ...account,
              email_addr: address,
              name: (account?.['name'] as string | undefined) ?? address,
              display_name: item.string('displayName') ?? account?.['display_name'],
            }),
          }
        : undefined;
    }
    default: {
      const data = item.rest(new Set(['@odata.type']));
      return data ? { ...base, data } : undefined;
    }
  }
}

/**
 * Normalises one Microsoft Defender XDR alert (Microsoft Graph `security/alerts_v2`) into an
 * OCSF 1.8.0 Detection Finding (class 2004).
 *
 * Graph alerts come from every Defender product (`serviceSource`: Endpoint, Identity, Office
 * 365, Cloud Apps, Entra ID Protection, …). `severity`, `status` and `classification` map to
 * `severity_id`, `status_id` and `verdict_id`; `category` and `mitreTechniques` to `attacks`;
 * `alertWebUrl` to `finding_info.src_url`; `recommendedActions` to `remediation`; evidence
 * (device, process, file, user, IP, URL, mailbox, other) to `evidences[]` — the first device
 * evidence is also the finding's `device`. Other fields go to `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `id`, or no `lastUpdateDateTime` / `createdDateTime`.
 */
export function normalizeDefenderGraphAlert(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const alert = new RecordReader(record);
  const uid = alert.requireString('id');
  const times = findingTimes(alert, 'createdDateTime', 'lastUpdateDateTime');
  const evidences = alert
    .objects('evidence')
    .map(evidenceOf)
    .filter((evidence): evidence is OcsfPart => evidence !== undefined);
  const device = evidences.find((evidence) => evidence['device'])?.['device'] as
    | OcsfPart
    | undefined;
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
      modified_time: alert.time('lastUpdateDateTime'),
      first_seen_time: alert.time('firstActivityDateTime'),
      last_seen_time: alert.time('lastActivityDateTime'),
      types: [
        alert.string('category'),
        alert.string('serviceSource'),
        alert.string('detectionSource'),
      ],
      src_url: alert.string('alertWebUrl'),
      product:
        (alert.string('productName') ?? alert.string('serviceSource'))
          ? {
              name: alert.string('productName') ?? alert.string('serviceSource'),
              vendor_name: 'Microsoft',
            }
          : undefined,
      attacks: attacks(categoryAttacks(alert.string('category'), alert.strings('mitreTechniques'))),
      analytic: detectorAnalytic(alert),
    },
    remediation: { desc: alert.string('recommendedActions') },
    device,
    evidences,
    end_time: alert.time('resolvedDateTime'),
    metadata: {
      product: DEFENDER_XDR_PRODUCT,
      uid,
      profiles: ['security_control', 'incident'],
      original_time: alert.string('lastUpdateDateTime'),
      event_code: alert.string('serviceSource'),
      correlation_uid: alert.string('incidentId'),
    },
    unmapped,
  };
  return buildEvent('detection_finding', event, {
    source: 'Microsoft Defender XDR alert',
    record,
    options,
  });
}
